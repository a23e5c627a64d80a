extension UserRecordReader {
    /// Settings of a reader.
    public struct Options: Sendable, Equatable {
        /// The shape of the input (default: detect it).
        public var format: InputFormat
        /// Deepest allowed nesting inside the input (default 256). Stages and writers walk values
        /// in loops (tested at 100,000 levels); typed access through ``JSONValue`` trees recurses,
        /// and is tested to ``NestingLimits/maxDepth``, the most the command-line tool accepts.
        public var maxDepth: Int
        /// Largest allowed record, in bytes (default 16 MiB).
        public var maxRecordBytes: Int
        /// Bytes requested per `read(2)` (default 1 MiB).
        public var readSize: Int
        /// Stop at the first bad record, or skip bad records (default: fail).
        public var errorPolicy: ErrorPolicy

        /// Creates options.
        public init(
            format: InputFormat = .auto, maxDepth: Int = 256,
            maxRecordBytes: Int = 16 << 20, readSize: Int = 1 << 20, errorPolicy: ErrorPolicy = .fail
        ) {
            self.format = format
            self.maxDepth = maxDepth
            // Capped so offset arithmetic cannot overflow (1 TiB is far beyond any record).
            self.maxRecordBytes = min(maxRecordBytes, 1 << 40)
            self.readSize = readSize
            self.errorPolicy = errorPolicy
        }
    }
}
