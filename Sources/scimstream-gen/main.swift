// scimstream-gen: writes a deterministic, realistic export of SCIM users to standard output.
//
//   scimstream-gen COUNT [--layout ndjson|pages|list|array] [--seed N] [--page-size N]
//   scimstream-gen --bytes SIZE [--layout …]     (as many users as fit in about SIZE bytes)
import SCIMSampleData

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = "scimstream-gen: \(message)\nUsage: scimstream-gen COUNT|--bytes SIZE [--layout ndjson|pages|list|array] [--seed N] [--page-size N]\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(64)
}

func number(_ text: String) -> Int {
    let scales: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
    if let last = text.last?.uppercased().first, let scale = scales[last], let n = Int(text.dropLast()) { return n * scale }
    guard let n = Int(text), n >= 0 else { fail("not a number: \(text)") }
    return n
}

var count: Int?
var bytes: Int?
var layout = SampleLayout.ndjson
var seed: UInt64 = 7
var pageSize = 100
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--layout":
        guard let v = args.popFirst(), let l = SampleLayout(rawValue: v) else { fail("--layout needs ndjson, pages, list or array") }
        layout = l
    case "--seed": seed = UInt64(number(args.popFirst() ?? ""))
    case "--page-size": pageSize = max(1, number(args.popFirst() ?? ""))
    case "--bytes": bytes = number(args.popFirst() ?? "")
    case "-h", "--help": fail("help")
    default: count = number(arg)
    }
}
// A generated user averages about 1,470 bytes; size the count to the byte target.
if let bytes { count = max(1, bytes / 1470) }
guard let count else { fail("give COUNT or --bytes SIZE") }

/// Collects output and writes it to stdout in 1 MiB blocks.
final class BlockWriter {
    var pending: [UInt8] = []

    init() { pending.reserveCapacity(1 << 21) }

    func add(_ piece: String) {
        pending.append(contentsOf: piece.utf8)
        if pending.count >= 1 << 20 { flush() }
    }

    func flush() {
        pending.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if errno == EINTR { continue }; exit(errno == EPIPE ? 0 : 74) }
                offset += n
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}

signal(SIGPIPE, SIG_IGN)
let writer = BlockWriter()
SampleUsers.export(count: count, layout: layout, pageSize: pageSize, seed: seed, emit: writer.add)
writer.flush()
