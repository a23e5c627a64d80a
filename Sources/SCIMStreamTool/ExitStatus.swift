package import SCIMStream

/// The exit statuses of `scimstream`, from BSD's `sysexits.h`, and how run outcomes map to them.
package enum ExitStatus {
    /// Everything was read and written.
    package static let success: Int32 = 0
    /// The command line cannot be run as written (`EX_USAGE`).
    package static let usage: Int32 = 64
    /// Bad input data (`EX_DATAERR`).
    package static let dataError: Int32 = 65
    /// An input could not be opened or read at all (`EX_NOINPUT`).
    package static let noInput: Int32 = 66
    /// A live service could not be reached or kept failing (`EX_UNAVAILABLE`).
    package static let unavailable: Int32 = 69
    /// Reading or writing failed (`EX_IOERR`).
    package static let ioError: Int32 = 74
    /// A live service answered outside the protocol (`EX_PROTOCOL`).
    package static let protocolError: Int32 = 76
    /// A live service refused the credentials (`EX_NOPERM`).
    package static let noPermission: Int32 = 77

    /// The status for a run that stopped with `error`.
    package static func of(_ error: PipelineError) -> Int32 {
        switch error {
        case .badInput, .refused, .badCompressedData: dataError
        case .inputUnavailable: noInput
        case .readFailed, .writeFailed: ioError
        case .remote(_, let e):
            switch e.kind {
            case .unavailable: unavailable
            case .unauthorized: noPermission
            case .protocolError: protocolError
            case .userRefused: dataError
            }
        }
    }

    /// The status of a finished run: 66 when an input could not be read at all, 65 when an
    /// input stopped early (or, with `strict`, when any record was rejected or ListResponse
    /// pages did not add up), else 0.
    package static func of(finished statistics: RunStatistics, strict: Bool) -> Int32 {
        if statistics.inputsFailed > 0 { return noInput }
        if statistics.inputsStopped > 0 { return dataError }
        if strict && (statistics.recordsRejected > 0 || statistics.pageWarnings > 0) { return dataError }
        return success
    }
}
