/// An input whose bytes do not come from a file descriptor: the pages of a live SCIM service,
/// for example. The pipeline feeds each chunk to the same reader a file goes through.
///
/// The pipeline calls ``read(_:)`` once per run, on its own thread; implementations are
/// classes (identity is what ``InputSource`` compares).
public protocol ByteStreamInput: AnyObject, Sendable {
    /// The name used in messages, rejects and results (a URL without credentials).
    var name: String { get }
    /// Delivers every chunk of the input in order, then returns.
    ///
    /// - Throws: whatever ends the input early; ``RemoteError`` for a service's failure.
    ///   Errors thrown by `deliver` (bad records under the fail policy) must be passed through.
    func read(_ deliver: ([UInt8]) throws -> Void) throws
}
