// scimstream-bench: throughput of SCIMStream's scenarios on generated users, in memory.
//
//   swift run -c release scimstream-bench [--mb N] [--runs N] [--filter NAME]
//   swift run -c release scimstream-bench --structural-probe FILE [--scalar]   (StructuralProbe.swift)
//
// Each scenario runs once to warm up, then --runs times; the table shows the median.
// Input is fed to the reader in 1 MiB chunks (as read(2) would deliver it); output goes to
// a sink that only counts bytes, so the figures are the library's own cost.
import SCIMStream
import SCIMSampleData

#if canImport(Glibc)
    import Glibc
#endif

/// True in a debug build, whose numbers mean nothing.
func isDebugBuild() -> Bool {
    #if DEBUG
        return true
    #else
        return false
    #endif
}

if isDebugBuild() {
    print("scimstream-bench: refusing to report numbers from a debug build; run with -c release")
    exit(1)
}

var megabytes = 100
var runs = 5
var only: String?
var args = CommandLine.arguments.dropFirst()
if args.first == "--structural-probe", let path = args.dropFirst().first {
    // A measurement for issue 15 (StructuralProbe.swift): count the structural positions of FILE.
    guard let data = FileManagerFree.read(path) else {
        print("scimstream-bench: cannot read \(path)")
        exit(66)
    }
    let scalar = args.contains("--scalar")
    let n = data.withUnsafeBytes { scalar ? StructuralProbe.countScalar($0) : StructuralProbe.count($0) }
    print("\(n) structural positions in \(data.count) bytes (\(scalar ? "byte at a time" : "64-byte blocks"))")
    exit(0)
}
while let arg = args.popFirst() {
    switch arg {
    case "--mb": megabytes = Int(args.popFirst() ?? "") ?? megabytes
    case "--runs": runs = max(1, Int(args.popFirst() ?? "") ?? runs)
    case "--filter": only = args.popFirst()
    default:
        print("usage: scimstream-bench [--mb N] [--runs N] [--filter NAME] | --structural-probe FILE [--scalar]")
        exit(64)
    }
}

let inputs = BenchmarkInputs(megabytes: megabytes)
print(
    "input: \(inputs.userCount) generated users, NDJSON \(inputs.ndjson.count / 1_000_000) MB, ListResponse pages \(inputs.pages.count / 1_000_000) MB"
)
print("")
let scenarios = Scenario.all.filter { only == nil || $0.name.contains(only!) }
var table = ResultTable()
for scenario in scenarios {
    table.add(scenario.measure(inputs: inputs, runs: runs))
}
table.print()
