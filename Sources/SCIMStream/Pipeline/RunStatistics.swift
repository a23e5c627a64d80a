import SCIMJSON

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
    /// Input bytes consumed: all of a finished input; of an input stopped by an error, the
    /// bytes before the position the error names (the same whatever the threads and reads).
    public var bytesIn = 0
    /// Output bytes produced.
    public var bytesOut = 0
    /// Wall-clock seconds of the run.
    public var seconds = 0.0
    /// Inputs that could not be opened or read at all.
    public var inputsFailed = 0
    /// Inputs whose reading stopped early at damage that could not be skipped.
    public var inputsStopped = 0
    /// Warnings that ListResponse pages did not add up (a missing or repeated page).
    public var pageWarnings = 0
    /// Counts a caller adds after the run (a live service's outcomes and requests), in
    /// ``summary`` and ``json`` after the pipeline's own; not compared by `==`.
    public var sections: [StatisticsSection] = []

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

    /// Equal counts, bytes and drops per stage (time is not compared).
    public static func == (a: RunStatistics, b: RunStatistics) -> Bool {
        a.recordsRead == b.recordsRead && a.recordsWritten == b.recordsWritten
            && a.recordsRejected == b.recordsRejected && a.bytesIn == b.bytesIn && a.bytesOut == b.bytesOut
            && a.droppedByStage.map(\.stage) == b.droppedByStage.map(\.stage)
            && a.droppedByStage.map(\.count) == b.droppedByStage.map(\.count)
    }
}

extension RunStatistics {
    /// The `--stats` text: counts, drops per stage, bytes, time and throughput.
    public var summary: String {
        var text =
            "scimstream: \(recordsRead) records read, \(recordsWritten) written, "
            + "\(recordsDropped) dropped, \(recordsRejected) rejected\n"
        for (stage, count) in droppedByStage where count > 0 {
            text += "  dropped by \(stage): \(count)\n"
        }
        text +=
            "  \(bytesIn) bytes in, \(bytesOut) bytes out, \(Decimal.format(seconds, 3)) s, "
            + "\(Decimal.format(megabytesPerSecond, 1)) MB/s, \(Decimal.format(recordsPerSecond, 0)) records/s\n"
        if pageWarnings > 0 { text += "  ListResponse pages that do not add up: \(pageWarnings) warnings\n" }
        for section in sections { text += section.summary(indent: "  ") }
        return text
    }
}

/// Fixed-point formatting of doubles, without Foundation.
enum Decimal {
    /// `value` with `places` digits after the point.
    static func format(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        var text = (value < 0 ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(scaled % Int64(scale))
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}

extension RunStatistics {
    /// The statistics as one JSON object (`--stats-json`), for scripts.
    public var json: String {
        var dropped: [UInt8] = [._openBrace]
        for (k, entry) in droppedByStage.enumerated() {
            if k > 0 { dropped.append(._comma) }
            JSONEscaping.appendQuoted(entry.stage, to: &dropped)
            dropped += Array(":\(entry.count)".utf8)
        }
        dropped.append(._closeBrace)
        return "{\"records_read\":\(recordsRead),\"records_written\":\(recordsWritten),"
            + "\"records_dropped\":\(recordsDropped),\"dropped_by_stage\":\(String(decoding: dropped, as: UTF8.self)),"
            + "\"records_rejected\":\(recordsRejected),\"bytes_in\":\(bytesIn),\"bytes_out\":\(bytesOut),"
            + "\"seconds\":\(Decimal.format(seconds, 6)),\"mb_per_second\":\(Decimal.format(megabytesPerSecond, 3)),"
            + "\"records_per_second\":\(Decimal.format(recordsPerSecond, 1)),"
            + "\"inputs_failed\":\(inputsFailed),\"inputs_stopped\":\(inputsStopped),\"page_warnings\":\(pageWarnings)"
            + sections.map { ",\($0.json)" }.joined() + "}\n"
    }
}
