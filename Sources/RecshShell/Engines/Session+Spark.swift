import Foundation
import RecshEngines

extension Session {
    /// A Spark job folder for `master`, with the session's `spark.conf.*` settings. Throws when
    /// pyspark or Java is missing, naming the script that installs them.
    func sparkJob(master text: String) throws -> SparkJob {
        do {
            let master = try SparkMaster(text)
            let installation = try SparkInstallation.locate(
                dataFolders: searchPath.folders + [searchPath.downloadFolder],
                environment: ProcessInfo.processInfo.environment)
            return try SparkJob(installation: installation, master: master, conf: settings.sparkConf)
        } catch { throw ShellError(error) }
    }
}

extension ShellError {
    /// A Spark fault as the shell reports it: Ctrl-C is a cancellation, the rest a failure.
    init(_ error: EngineError) {
        self = error == .cancelled ? .cancelled : .failed(error.description)
    }
}
