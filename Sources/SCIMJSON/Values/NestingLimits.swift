/// The ceiling on how deeply nested a record's values may be.
///
/// `--max-depth` (the reader's ``UserRecordReader/Options/maxDepth``) accepts at most
/// ``maxDepth``. The walks stages and writers make over values are loops, not recursion, so
/// depth costs no stack there; the ceiling bounds the time of the walks that re-scan nested
/// containers level by level, and the recursion of ``JSONValue`` trees (typed access such as
/// ``UserRecord/values(at:)``), which the tests run at this depth.
public enum NestingLimits {
    /// The highest `--max-depth` accepted: 4096 levels (the default is 256).
    public static let maxDepth = 4096
}
