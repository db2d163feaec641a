import Foundation

/// One run of recsh's Spark job (Resources/recsh_spark.py) in a folder of its own: recsh writes
/// job.json and the inputs, spark-submit runs the job, and the job writes its outputs and
/// result.json. The exit code and result.json decide success, never stdout.
public struct SparkJob: Sendable {
    public let installation: SparkInstallation
    public let master: SparkMaster
    /// `--conf` pairs from `set spark.conf.KEY=VALUE`; they override recsh's defaults.
    public let conf: [String: String]
    /// The job's folder (under the system's temporary folder); removed by `remove()`.
    public let folder: String

    /// What a job reports in result.json.
    public struct Result: Decodable, Sendable {
        public let status: String
        public let error: String?
        public let startupSeconds: Double?
        public let loadSeconds: Double?
        public let fitSeconds: Double?
        public let scoreSeconds: Double?
        public let users: Int?
        public let items: Int?
        public let positives: Int?
        public let rows: Int?
        public let sparkVersion: String?

        enum CodingKeys: String, CodingKey {
            case status, error, users, items, positives, rows
            case startupSeconds = "startup_seconds"
            case loadSeconds = "load_seconds"
            case fitSeconds = "fit_seconds"
            case scoreSeconds = "score_seconds"
            case sparkVersion = "spark_version"
        }
    }

    /// recsh's defaults for a 2-core, 24 GB machine; docs/spark.md says how to size a cluster.
    public static let defaultConf: [String: String] = [
        "spark.driver.memory": "4g", "spark.executor.memory": "4g", "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "8",
    ]

    public init(installation: SparkInstallation, master: SparkMaster, conf: [String: String]) throws(EngineError) {
        self.installation = installation
        self.master = master
        self.conf = conf
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-spark-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .io("could not make a job folder in \(NSTemporaryDirectory())")
        }
        folder = String(cString: made)
        try makeFolder("input")
        try makeFolder("output")
    }

    public func path(_ name: String) -> String { folder + "/" + name }

    public func makeFolder(_ name: String) throws(EngineError) {
        do { try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true) } catch {
            throw .io("could not make \(path(name)): \(error.localizedDescription)")
        }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// After `error`, keeps what its message names and drops the rest: the log of a failed or
    /// killed job (not the data, which may be large), the whole folder when its output is at fault.
    public func cleanUp(after error: EngineError) {
        switch error {
        case .badOutput: return
        case .jobFailed, .jobKilled:
            for data in ["input", "output"] { try? FileManager.default.removeItem(atPath: path(data)) }
        default: remove()
        }
    }

    /// Runs `verb` with `settings` as job.json and returns the job's result once it reports "ok".
    public func run<S: Encodable>(_ verb: String, settings: S, cancelled: () -> Bool) throws(EngineError) -> Result {
        try master.checkReachable()
        do {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try encoder.encode(settings).write(to: URL(fileURLWithPath: path("job.json")))
            try? FileManager.default.removeItem(atPath: path("recsh_spark.py"))
            guard let script = Bundle.module.path(forResource: "recsh_spark", ofType: "py") else {
                throw EngineError.io("recsh_spark.py is missing from recsh's resources; rebuild recsh")
            }
            try FileManager.default.copyItem(atPath: script, toPath: path("recsh_spark.py"))
        } catch let e as EngineError { throw e } catch {
            throw .io("could not write the job's files in \(folder): \(error.localizedDescription)")
        }
        let log = path("spark.log")
        let child = try ChildProcess.start(arguments(verb), environment: environment(), log: log)
        let ending = try child.wait(cancelled: cancelled)
        let result = try? JSONDecoder().decode(
            Result.self, from: Data(contentsOf: URL(fileURLWithPath: path("result.json"))))
        if ending == .exited(0), let result, result.status == "ok" { return result }
        if case .signalled(let s) = ending { throw .jobKilled(verb: verb, signal: s, log: log) }
        if let error = result?.error { throw .jobFailed(verb: verb, reason: error, log: log) }
        var reason = "it ended with exit code \(exitCode(ending)) and wrote no result.json"
        if case .exited(let code) = ending, code == 137 || code == 143 {
            reason += " (killed: \(code == 137 ? "SIGKILL, often the out-of-memory killer" : "SIGTERM"))"
        }
        if let last = Self.lastLine(ofLog: log) { reason += "; the log's last line: \(last)" }
        throw .jobFailed(verb: verb, reason: reason, log: log)
    }

    private func exitCode(_ e: ChildProcess.Ending) -> Int32 {
        if case .exited(let c) = e { return c }
        return -1
    }

    func arguments(_ verb: String) -> [String] {
        var settings = Self.defaultConf
        if master.isLoopback {
            settings["spark.driver.host"] = "127.0.0.1"
            settings["spark.driver.bindAddress"] = "127.0.0.1"
        }
        settings.merge(conf) { _, user in user }
        var argv = [installation.sparkSubmit, "--master", master.description, "--name", "recsh \(verb)"]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) { argv += ["--conf", "\(key)=\(value)"] }
        return argv + [path("recsh_spark.py"), verb, folder]
    }

    func environment() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PYSPARK_PYTHON"] = installation.python
        env["PYSPARK_DRIVER_PYTHON"] = installation.python
        env["JAVA_HOME"] =
            ((installation.java as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        if master.isLoopback { env["SPARK_LOCAL_IP"] = "127.0.0.1" }
        return env
    }

    /// The last non-blank line of the job's log that is not a Spark warning, for an error message.
    static func lastLine(ofLog log: String) -> String? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty && !$0.contains(" WARN ") }.map { String($0.prefix(300)) }
    }
}
