/// Counts of one run: records read, written, dropped per stage, rejected; bytes; time.
///
/// Invariant, checked by the tests: `recordsRead == recordsWritten + recordsDropped + recordsRejected`.
public struct RunStatistics: Sendable, Equatable {
    /// Records the readers produced or failed to produce (every started record counts once).
    public var recordsRead = 0
    /// Records the writer wrote.
    public var recordsWritten = 0
    /// Records rejected as bad input or refused by a stage or writer.
    public var recordsRejected = 0
    /// Records dropped on purpose, by stage name, in chain order.
    public var droppedByStage: [(stage: String, count: Int)] = []
    /// Input bytes consumed.
    public var bytesIn = 0
    /// Output bytes produced.
    public var bytesOut = 0
    /// Wall-clock seconds of the run.
    public var seconds = 0.0
    /// Input files that could not be read at all.
    public var inputsFailed = 0

    /// Creates empty statistics.
    public init() {}

    /// All dropped records.
    public var recordsDropped: Int { droppedByStage.reduce(0) { $0 + $1.count } }

    /// True when every record read is accounted for.
    public var isBalanced: Bool { recordsRead == recordsWritten + recordsDropped + recordsRejected }

    /// Input megabytes (10^6 bytes) per second.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesIn) / 1e6 / seconds : 0 }

    /// Records read per second.
    public var recordsPerSecond: Double { seconds > 0 ? Double(recordsRead) / seconds : 0 }

    public static func == (a: RunStatistics, b: RunStatistics) -> Bool {
        a.recordsRead == b.recordsRead && a.recordsWritten == b.recordsWritten
            && a.recordsRejected == b.recordsRejected && a.bytesIn == b.bytesIn && a.bytesOut == b.bytesOut
            && a.droppedByStage.map(\.stage) == b.droppedByStage.map(\.stage)
            && a.droppedByStage.map(\.count) == b.droppedByStage.map(\.count)
    }
}
