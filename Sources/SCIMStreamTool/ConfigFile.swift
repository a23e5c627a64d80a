import SCIMStream

/// A job file, `--config FILE`: any option one per line (as in a `--pipeline` file: the
/// leading dashes optional, `option value` or `option=value`, `#` comments), and `input FILE`
/// lines naming the inputs when the command line names none.
///
/// ```
/// # nightly warehouse export
/// input https://tenant.example.com/scim/v2
/// token-file /etc/scimstream/source.token
/// to parquet
/// output /data/users.parquet
/// columns-preset genesys
/// ```
/// The file's options apply before the command line's, so the command line wins for a
/// setting both give; stages of both run, the file's first.
package enum ConfigFile {
    /// The options a job file may not hold: those that print something instead of running,
    /// and `--config` itself.
    static let refused: Set<String> = ["config", "help", "version", "completion", "man-page"]

    /// The options and inputs of the file at `path`.
    ///
    /// - Throws: ``UsageError`` when the file cannot be read or a line is not an option.
    static func read(_ path: String) throws(UsageError) -> (entries: [PipelineFile.Entry], inputs: [String]) {
        let text: String
        do {
            text = try FileContents.text(path)
        } catch {
            throw UsageError("--config: \(error)")
        }
        let allowed = OptionTable.entries.filter { !refused.contains($0.spec.long) }
        let (entries, inputs) = try PipelineFile.parse(
            text, name: path, allowing: allowed, kind: "an option a job file may hold", operands: true)
        return (entries, inputs)
    }
}
