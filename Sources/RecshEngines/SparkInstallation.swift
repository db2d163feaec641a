import Foundation

/// Where pyspark and Java are: a virtual environment made by Scripts/requirements-spark.sh, found
/// by `$RECSH_SPARK_VENV` or as `spark-venv` in one of the data folders.
public struct SparkInstallation: Sendable, Equatable {
    /// The virtual environment's folder.
    public let venv: String
    public var python: String { venv + "/bin/python" }
    public var sparkSubmit: String { venv + "/bin/spark-submit" }
    /// `spark-class`, which starts a standalone master or worker.
    public var sparkClass: String { venv + "/bin/spark-class" }
    /// The `java` Spark will start.
    public let java: String

    /// Finds the installation, or says exactly what is missing.
    public static func locate(dataFolders: [String], environment: [String: String]) throws(EngineError)
        -> SparkInstallation
    {
        var candidates = [String]()
        if let v = environment["RECSH_SPARK_VENV"], !v.isEmpty { candidates.append(v) }
        candidates += dataFolders.map { ($0 as NSString).appendingPathComponent("spark-venv") }
        let fm = FileManager.default
        guard
            let venv = candidates.first(where: {
                fm.isExecutableFile(atPath: $0 + "/bin/python") && fm.isExecutableFile(atPath: $0 + "/bin/spark-submit")
            })
        else { throw .sparkMissing(searched: candidates) }
        guard let java = javaPath(environment: environment) else { throw .javaMissing }
        return SparkInstallation(venv: venv, java: java)
    }

    static func javaPath(environment: [String: String]) -> String? {
        let fm = FileManager.default
        if let home = environment["JAVA_HOME"], !home.isEmpty, fm.isExecutableFile(atPath: home + "/bin/java") {
            return home + "/bin/java"
        }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = String(dir) + "/java"
            if fm.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
