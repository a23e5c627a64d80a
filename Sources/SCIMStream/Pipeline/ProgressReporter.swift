import SCIMJSON

/// The progress line on stderr: bytes and records done, throughput, and percent and time left
/// when the input size is known. Redrawn in place at most four times a second.
package final class ProgressReporter {
    let totalBytes: Int?
    let write: (String) -> Void
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var lastDraw: ContinuousClock.Instant
    var drawn = false
    /// More to say at the end of the line (a live target's users/s, requests in flight, retries).
    package var suffix: (() -> String)?
    /// The last counts drawn, for ``redraw()``.
    var last = (bytes: 0, records: 0)

    /// Creates a reporter; `write` receives the terminal text to print.
    package init(totalBytes: Int?, write: @escaping (String) -> Void) {
        self.totalBytes = totalBytes
        self.write = write
        started = clock.now
        lastDraw = started
    }

    /// Redraws the line if a quarter second passed since the last time.
    package func update(bytes: Int, records: Int) {
        last = (bytes, records)
        let now = clock.now
        guard now - lastDraw >= .milliseconds(250) else { return }
        lastDraw = now
        drawn = true
        let line = Self.line(bytes: bytes, records: records, totalBytes: totalBytes, seconds: seconds(now - started))
        write("\r\u{1B}[K" + line + (suffix?() ?? ""))
    }

    /// Redraws with the last counts (when something else moved: a live target's answers).
    package func redraw() {
        update(bytes: last.bytes, records: last.records)
    }

    /// Seconds since the reporter was made.
    package var elapsed: Double { seconds(clock.now - started) }

    /// Clears the line (so the summary or the next prompt starts clean).
    package func finish() {
        if drawn { write("\r\u{1B}[K") }
    }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The text of one progress line.
    static func line(bytes: Int, records: Int, totalBytes: Int?, seconds: Double) -> String {
        let rate = seconds > 0 ? Double(bytes) / seconds : 0
        var text = "scimstream: \(size(bytes))"
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytes) / Double(totalBytes))
            text += " of \(size(totalBytes)) (\(Int(fraction * 100))%)"
        }
        text += ", \(records) records, \(Decimal.format(rate / 1e6, 0)) MB/s"
        if let totalBytes, rate > 0, totalBytes > bytes {
            let left = Int((Double(totalBytes - bytes) / rate).rounded())
            text += ", \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60) left"
        }
        return text
    }

    /// `12.3 MB`, `1.1 GB`, `512 B` (powers of 1000).
    static func size(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 1e9 { return Decimal.format(b / 1e9, 1) + " GB" }
        if b >= 1e6 { return Decimal.format(b / 1e6, 1) + " MB" }
        if b >= 1e3 { return Decimal.format(b / 1e3, 1) + " kB" }
        return "\(bytes) B"
    }
}
