/// Why work handed to another engine did not come back. Each message names what to do next.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// No virtual environment with pyspark was found; `searched` lists where recsh looked.
    case sparkMissing(searched: [String])
    /// No `java` in `$JAVA_HOME/bin` or on `PATH`.
    case javaMissing
    /// A `master=` recsh does not understand.
    case badMaster(String)
    /// The master's port did not accept a connection.
    case masterUnreachable(master: String, reason: String)
    /// The job ran and reported a failure (from its result.json), or ended without one.
    case jobFailed(verb: String, reason: String, log: String)
    /// The job was ended by a signal recsh did not send (the OOM killer, say).
    case jobKilled(verb: String, signal: Int32, log: String)
    /// Ctrl-C: the job was stopped.
    case cancelled
    /// A file the job wrote does not hold what its size or its partner says.
    case badOutput(path: String, reason: String)
    /// recsh could not start the job or write its input.
    case io(String)

    public var description: String {
        switch self {
        case .sparkMissing(let searched):
            return "engine=spark needs pyspark, and no Spark environment was found (looked in "
                + searched.joined(separator: ", ")
                + "): run Scripts/requirements-spark.sh, or set RECSH_SPARK_VENV to a virtual environment with pyspark"
        case .javaMissing:
            return "engine=spark needs Java 17, and there is no java in $JAVA_HOME/bin or on PATH: "
                + "apt-get install openjdk-17-jre-headless, or run Scripts/requirements-spark.sh"
        case .badMaster(let m):
            return "master=\(m) is not a Spark master: use local, local[N], local[*] or spark://HOST:PORT"
        case .masterUnreachable(let m, let reason):
            return "the Spark master \(m) cannot be reached (\(reason)); start it, or use master=local[2]"
        case .jobFailed(let verb, let reason, let log):
            return "the Spark \(verb) job failed: \(reason) (its log: \(log)); the session keeps its previous model"
        case .jobKilled(let verb, let signal, let log):
            return "the Spark \(verb) job was killed by signal \(signal) (its log: \(log)); "
                + "if memory ran out, lower spark.driver.memory with set spark.conf.spark.driver.memory=..."
        case .cancelled: return "cancelled: the Spark job was stopped"
        case .badOutput(let path, let reason): return "the Spark job's output \(path) is unusable: \(reason)"
        case .io(let what): return what
        }
    }
}
