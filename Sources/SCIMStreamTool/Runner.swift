import SCIMJSON
import SCIMService
import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one configured pipeline: opens the outputs, processes every input, reports, and
/// returns the exit status.
struct Runner {
    let configuration: ToolConfiguration
    let diagnostics: Diagnostics

    func run() -> Int32 {
        let target: OutputTarget
        let rejects: RejectsWriter?
        let statisticsFile: OutputTarget?
        do {
            // All outputs open before the run, so a path that cannot be written fails at once.
            target = try configuration.outputPath.map(OutputTarget.init(path:)) ?? OutputTarget()
            rejects = try configuration.rejectsPath.map(RejectsWriter.init(path:))
            statisticsFile = try configuration.statisticsJSONPath.map(OutputTarget.init(path:))
        } catch let error as IOError {
            diagnostics.runError(.writeFailed(error))
            return ExitStatus.ioError
        } catch {
            preconditionFailure("\(error)")
        }
        let out = OutputBuffer(sink: target.sink)
        let pipeline = configuration.makePipeline()
        pipeline.rejects = rejects
        if !configuration.quiet {
            pipeline.onDiagnostic = { diagnostics.writeStderr(Messages.describe($0) + "\n") }
        }
        let progress = makeProgress()
        connectServices(pipeline, progress: progress)
        if let progress {
            pipeline.progress = { bytes, _, records in progress.update(bytes: bytes, records: records) }
        }
        var status: Int32
        do {
            try pipeline.run(configuration.inputs, to: out)
            if !configuration.inputsNamed, pipeline.statistics.bytesIn == 0, let path = configuration.outputPath,
                FileSystem.isNonEmptyRegularFile(path)
            {
                // `scimstream -o users.ndjson` run from cron with nothing on standard input: the
                // input's name was likely meant, and an empty run must not empty the file.
                target.abandon()
                diagnostics.writeStderr(
                    "scimstream: error: no input was named and standard input was empty: \(path) was left as it was (name the input, or '-' for standard input)\n"
                )
                status = ExitStatus.noInput
            } else {
                try target.commit()
                status = ExitStatus.of(finished: pipeline.statistics, strict: configuration.strictExit)
            }
        } catch let error as PipelineError {
            progress?.finish()
            if error.isBrokenPipe {
                status = 0
            } else {
                target.abandon()
                diagnostics.runError(error)
                status = ExitStatus.of(error)
            }
        } catch let error as IOError {
            diagnostics.runError(.writeFailed(error))
            status = ExitStatus.ioError
        } catch {
            preconditionFailure("\(error)")
        }
        progress?.finish()
        do {
            try rejects?.close()
        } catch let error as IOError {
            diagnostics.runError(.writeFailed(error))
            if status == 0 { status = ExitStatus.ioError }
        } catch {}
        var statistics = pipeline.statistics
        statistics.sections = serviceStatistics(pipeline)
        if configuration.printsStatistics { diagnostics.writeStderr(statistics.summary) }
        if let file = statisticsFile {
            do {
                let bytes = Array(statistics.json.utf8)
                try file.sink.write(bytes)
                try file.commit()
            } catch {
                diagnostics.writeStderr("error: --stats-json: \(error)\n")
                if status == 0 { status = ExitStatus.ioError }
            }
        }
        return status
    }

    /// Connects the live services to the run: their warnings to stderr, a target's refusals to
    /// the pipeline's rejects and counts.
    func connectServices(_ pipeline: Pipeline, progress: ProgressReporter?) {
        let diagnostics = self.diagnostics
        let quiet = configuration.quiet
        for case .stream(let input) in configuration.inputs {
            guard let pages = input as? ServicePages else { continue }
            pages.onWarning = { text in if !quiet { diagnostics.writeStderr("\(pages.name): warning: \(text)\n") } }
        }
        guard let writer = pipeline.writer as? ServiceWriter else { return }
        var hooks = ServiceWriter.Hooks()
        hooks.currentSource = { [unowned pipeline] in pipeline.currentSource }
        hooks.rejected = { [unowned pipeline] record, message in
            try pipeline.rejectAfterWriting(record, message: message, source: pipeline.currentSource)
        }
        let target = writer.client.url.users
        hooks.warning = { text in if !quiet { diagnostics.writeStderr("\(target): warning: \(text)\n") } }
        if let progress {
            hooks.progress = { progress.redraw() }
            progress.suffix = { [unowned writer] in
                let rate = progress.elapsed > 0 ? Double(writer.usersFinished) / progress.elapsed : 0
                return "; \(writer.usersFinished) users sent, \(Int(rate.rounded())) users/s, \(writer.usersPending) in flight, "
                    + "\(writer.client.counters.retried) retries"
            }
        }
        writer.hooks = hooks
    }

    /// The statistics sections of the live services: pages read, and the target's outcomes and requests.
    func serviceStatistics(_ pipeline: Pipeline) -> [StatisticsSection] {
        var sections: [StatisticsSection] = []
        let pages = configuration.inputs.compactMap { input -> ServicePages? in
            if case .stream(let stream) = input { return stream as? ServicePages }
            return nil
        }
        if !pages.isEmpty {
            var counts = [
                StatisticsSection.Count("pages", pages.reduce(0) { $0 + $1.pagesRead }),
                StatisticsSection.Count("users_listed", pages.reduce(0) { $0 + $1.usersListed })
            ]
            counts.append(.init("retried", pages.reduce(0) { $0 + $1.client.counters.retried }))
            sections.append(StatisticsSection(name: "source", counts: counts))
        }
        if let writer = pipeline.writer as? ServiceWriter {
            sections.append(writer.client.counters.section(name: "service", outcomeNames: ServiceWriter.outcomeNames))
        }
        return sections
    }

    /// A progress reporter when stderr is a terminal (or `--progress`), unless `--quiet`.
    func makeProgress() -> ProgressReporter? {
        let wanted = configuration.showsProgress ?? (isatty(STDERR_FILENO) == 1)
        guard wanted else { return nil }
        var total = 0
        for input in configuration.inputs {
            guard let size = input.regularFileSize else { return ProgressReporter(totalBytes: nil, write: diagnostics.writeStderr) }
            total += size
        }
        return ProgressReporter(totalBytes: total, write: diagnostics.writeStderr)
    }
}
