import Foundation
import RecshEngines

/// What a Spark fit needs from the session: where pyspark is looked for, the `spark.conf.*`
/// settings, the seed and Ctrl-C.
struct SparkSetup: Sendable {
    let dataFolders: [String]
    let conf: [String: String]
    let seed: Int
    let cancellation: Cancellation
    /// Shows that a job is running (Spark reports no progress recsh could read); nil off a terminal.
    let progress: ProgressBar?

    /// What a job polls ten times a second: draws the elapsed time, and says whether Ctrl-C came.
    func poll(_ label: String) -> () -> Bool {
        let started = Date()
        let (bar, cancellation) = (progress, cancellation)
        return {
            bar?.update(label, fraction: nil, detail: "\(Int(Date().timeIntervalSince(started))) s (Ctrl-C stops it)")
            return cancellation.isRequested
        }
    }

    func job(master text: String) throws -> SparkJob {
        do {
            let master = try SparkMaster(text)
            let installation = try SparkInstallation.locate(
                dataFolders: dataFolders, environment: ProcessInfo.processInfo.environment)
            return try SparkJob(installation: installation, master: master, conf: conf)
        } catch { throw ShellError(error) }
    }
}

extension Session {
    var sparkSetup: SparkSetup {
        SparkSetup(
            dataFolders: searchPath.folders + [searchPath.downloadFolder], conf: settings.sparkConf,
            seed: settings.seed, cancellation: cancellation, progress: progress)
    }
}

extension ShellError {
    /// A Spark fault as the shell reports it: Ctrl-C is a cancellation, the rest a failure.
    init(_ error: EngineError) {
        self = error == .cancelled ? .cancelled : .failed(error.description)
    }
}
