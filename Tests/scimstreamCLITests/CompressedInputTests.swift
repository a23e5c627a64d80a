import Foundation
import Testing

/// Compressed input on the command line (issue 17): gzip by its magic bytes, from a file of
/// any name or standard input; other compressions and damaged data are clear errors.
@Suite struct CompressedInputTests {
    static let users = (0..<3000).map { #"{"id":"\#($0)","userName":"User\#($0)@Example.com","password":"pw"}"# }.joined(separator: "\n") + "\n"

    func gzip(_ text: String) throws -> [UInt8] {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("in")
        try Data(text.utf8).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -9 -c '\(plain.path)' > '\(plain.path).gz'"]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz")))
    }

    @Test func gzipIsReadFromAFileOfAnyNameAndFromStandardInput() throws {
        let compressed = try gzip(Self.users)
        let plain = try CLI.run(["--normalize-username"], stdin: Array(Self.users.utf8))
        let fromStdin = try CLI.run(["--normalize-username"], stdin: compressed)
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == plain.stdout)
        #expect(!fromStdin.out.contains("pw"))
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("export.json")  // no .gz in the name
        try Data(compressed).write(to: file)
        let fromFile = try CLI.run([file.path, "--normalize-username", "--to", "csv"])
        #expect(fromFile.status == 0)
        #expect(fromFile.lines.count == 3001)
    }

    @Test func damagedGzipIsAnErrorWithTheCompressedOffset() throws {
        let compressed = try gzip(Self.users)
        let cut = try CLI.run([], stdin: Array(compressed.prefix(compressed.count / 2)))
        #expect(cut.status == 65)
        #expect(cut.stderr.contains("<stdin>: error: bad gzip data at compressed byte \(compressed.count / 2): the compressed data ends too early"))
        // The records decoded before the damage are written (review finding: a block of up to
        // 1 MiB of good records was lost).
        #expect(cut.lines.count > 500)
        #expect(cut.lines.allSatisfy { $0.hasPrefix("{\"id\":") })
        var damaged = compressed
        damaged[damaged.count - 6] ^= 0xFF  // in the CRC
        let crc = try CLI.run([], stdin: damaged)
        #expect(crc.status == 65)
        #expect(crc.stderr.contains("CRC-32 mismatch"))
    }

    @Test func otherCompressionsSayHowToReadThem() throws {
        let zstd = try CLI.run([], stdin: [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0])
        #expect(zstd.status == 65)
        #expect(zstd.stderr.contains("<stdin>: error: zstd-compressed input is not read directly: zstd -dc | scimstream"))
        let zlib = try CLI.run([], stdin: [0x78, 0x9C, 0x4B, 0x04, 0x00])
        #expect(zlib.status == 65)
        #expect(zlib.stderr.contains("zlib-compressed input is not read directly: pigz -dz | scimstream"))
        let tiny = try CLI.run([], stdin: Array("{}\n".utf8))
        #expect(tiny.status == 0)
        #expect(tiny.out == "{}\n")
    }
}

/// With no input named and a terminal on standard input, say how to give input (issue 17).
@Suite struct TerminalInputTests {
    /// Runs the tool under `script`, which gives it a pseudo-terminal as standard input.
    func underTerminal(_ arguments: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLI.binary.path) \(arguments)", "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func noInputAndATerminalIsAUsageError() throws {
        let run = try underTerminal("--normalize-username")
        #expect(run.status == 64)
        #expect(run.output.contains("no input: name a file (scimstream users.ndjson) or pipe one in"))
        // Commands that read no input still run.
        #expect(try underTerminal("--version").status == 0)
        #expect(try underTerminal("--emit-ddl postgres").status == 0)
    }
}

/// Defects a hostile review found (issue 17).
@Suite struct NewcomerReviewTests {
    @Test func anEmptyRunWithNoInputNamedLeavesTheOutputFileAlone() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("users.ndjson")
        try Data(#"{"id":"1"}"#.utf8 + [0x0A]).write(to: file)
        let run = try CLI.run(["-o", file.path])
        #expect(run.status == 66)
        #expect(run.stderr.contains("no input was named and standard input was empty"))
        #expect(try Data(contentsOf: file).count == 11)
        // Naming standard input says it is meant.
        #expect(try CLI.run(["-", "-o", file.path]).status == 0)
        #expect(try Data(contentsOf: file).isEmpty)
    }

    @Test func aJobFileLineOfDataIsNotQuoted() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = dir.appendingPathComponent("job.conf")
        try Data(#"{"id":"1","password":"Hunter2Secret!"}"#.utf8).write(to: job)
        let run = try CLI.run(["--config", job.path], stdin: [])
        #expect(run.status == 64)
        #expect(run.stderr.contains("this line is not an option (its text is not shown)"))
        #expect(!run.stderr.contains("Hunter2"))
        try Data("\u{FEFF}treads 2\n".utf8).write(to: job)
        let typo = try CLI.run(["--config", job.path], stdin: [])
        #expect(typo.stderr.contains("'treads' is not an option a job file may hold; did you mean 'threads'?"))
        try Data("to xml\n".utf8).write(to: job)
        #expect(try CLI.run(["--config", job.path], stdin: []).stderr.contains("\(job.path):1: invalid value 'xml' for --to"))
    }
}
