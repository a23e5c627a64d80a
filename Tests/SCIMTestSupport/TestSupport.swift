// Helpers shared by the test targets: the vendored fixtures, the chunk sizes every
// incremental test runs at, and the one chunk-feeding tokenizer driver.
public import Foundation
package import SCIMJSON

/// Paths of the vendored fixtures.
public enum Fixtures {
    /// The folder of the vendored fixtures (JSONTestSuite, SCIM, fuzz regressions).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SCIMStreamTests/Fixtures")

    /// The files in `folder` below ``root``, sorted by name.
    public static func files(in folder: String) -> [URL] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    /// The bytes of `url` (empty when it cannot be read).
    public static func bytes(_ url: URL) -> [UInt8] {
        Array((try? Data(contentsOf: url)) ?? Data())
    }
}

/// The chunk sizes every incremental test runs at; `Int.max` means all at once.
public let chunkSizes = [1, 2, 3, 7, 64, 4096, Int.max]

/// Feeds `bytes` to a tokenizer `chunkSize` bytes at a time, discarding every byte the
/// tokenizer no longer needs (as a reader does), and returns all tokens or the first error.
package func tokenize(
    _ bytes: [UInt8], chunkSize: Int, options: JSONTokenizer.Options = .init(), reportDepth: Int = .max
) -> Result<[JSONToken], JSONSyntaxError> {
    var tokenizer = JSONTokenizer(options: options)
    tokenizer.reportDepth = reportDepth
    var window: [UInt8] = []
    var base = 0
    var fed = 0
    var tokens: [JSONToken] = []
    do {
        while true {
            let isFinal = fed == bytes.count
            let step = try window.withUnsafeBytes { try tokenizer.next($0, base: base, isFinal: isFinal) }
            switch step {
            case .token(let t): tokens.append(t)
            case .endOfInput: return .success(tokens)
            case .needMoreInput:
                precondition(!isFinal, "needMoreInput after the final chunk")
                // Keep only what the tokenizer still needs, then add the next chunk.
                let keep = tokenizer.retainFrom
                window.removeFirst(keep - base)
                base = keep
                let n = min(chunkSize, bytes.count - fed)
                window.append(contentsOf: bytes[fed..<fed + n])
                fed += n
            }
        }
    } catch let error as JSONSyntaxError {
        return .failure(error)
    } catch {
        fatalError("unexpected \(error)")
    }
}

/// Parses JSON with Foundation (an independent parser) for value comparisons.
public func foundationJSON(_ bytes: [UInt8]) -> NSObject? {
    try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject
}

extension String {
    /// The string as UTF-8 bytes.
    public var bytes: [UInt8] { Array(utf8) }
}
