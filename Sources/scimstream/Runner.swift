import SCIMStream

/// Runs one configured pipeline: opens the output, processes every input, reports, and
/// returns the exit status.
struct Runner {
    let configuration: ToolConfiguration
    let diagnostics: Diagnostics

    func run() -> Int32 {
        let target: OutputTarget
        do {
            target = try configuration.outputPath.map(OutputTarget.init(path:)) ?? OutputTarget()
        } catch let error as IOError {
            diagnostics.runError(.writeFailed(error))
            return 74
        } catch {
            preconditionFailure("\(error)")
        }
        let out = OutputBuffer(sink: target.sink)
        var pipeline = configuration.makePipeline()
        defer {
            if configuration.printsStatistics { diagnostics.writeStderr(pipeline.statistics.summary) }
        }
        do {
            try pipeline.run(configuration.inputs, to: out)
            try target.commit()
            return 0
        } catch let error as PipelineError {
            if error.isBrokenPipe { return 0 }
            target.abandon()
            diagnostics.runError(error)
            return error.exitCode
        } catch let error as IOError {
            diagnostics.runError(.writeFailed(error))
            return 74
        } catch {
            preconditionFailure("\(error)")
        }
    }
}
