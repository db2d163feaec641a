import ArgumentParser
import Foundation
import RecshShell

/// `recsh retrain NAME --dataset D --tracking STORE ...`: the retraining pipeline for cron.
struct Retrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retrain a registered model on new ratings and promote it if it passes the rule (for cron).",
        discussion:
            "Runs, in one session: track STORE; load DATASET; retrain NAME ... The exit status is 0 when the pipeline ran, whether or not it promoted; the decision prints and is recorded in the store."
    )

    @Argument(help: "The registered model.")
    var name: String

    @Option(help: "The dataset the model is trained on (a name or a path, as load takes).")
    var dataset: String

    @Option(help: "The MLflow file store folder or tracking server URL.")
    var tracking: String

    @Option(help: "Candidate families, comma-separated (default: Production's family).")
    var models: String?

    @Option(name: .customLong("new"), help: "A ratings file to merge.")
    var newRatings: String?

    @Option(name: .customLong("from"), help: "A served request log whose likes become positives.")
    var fromLog: String?

    func validate() throws {
        guard (newRatings == nil) != (fromLog == nil) else {
            throw ValidationError("give one of --new FILE or --from LOG")
        }
    }

    func run() throws {
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var line = "retrain \(quoted(name))"
        if let models { line += " models=\(models)" }
        if let newRatings { line += " new=\(quoted(newRatings))" }
        if let fromLog { line += " from=\(quoted(fromLog))" }
        let status = Frontend.main(
            files: [], commands: "track \(quoted(tracking)); load \(quoted(dataset)); \(line)", keepGoing: false,
            noStartupFile: true)
        if status != 0 { throw ExitCode(status) }
    }
}
