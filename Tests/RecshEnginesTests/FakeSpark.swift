import Foundation

@testable import RecshEngines

/// A stand-in for a Spark installation: a folder with `bin/python` and a `bin/spark-submit`
/// shell script whose body plays one kind of job (a failure, a kill, a hang, bad output).
/// The job folder is the script's last argument, as spark-submit gets it from recsh.
enum FakeSpark {
    static func venv(_ body: String, label: String = #function) throws -> SparkInstallation {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let dir = NSTemporaryDirectory() + "recsh-fake-spark-\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        let submit = "#!/bin/bash\njob=\"${@: -1}\"\nverb=\"${@: -2:1}\"\n" + body + "\n"
        try submit.write(toFile: dir + "/bin/spark-submit", atomically: true, encoding: .utf8)
        try "#!/bin/sh\nexit 0\n".write(toFile: dir + "/bin/python", atomically: true, encoding: .utf8)
        for f in ["spark-submit", "python"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/bin/" + f)
        }
        return SparkInstallation(venv: dir, java: "/bin/true")
    }

    static func job(_ body: String, label: String = #function) throws -> SparkJob {
        try SparkJob(installation: venv(body, label: label), master: .local("local[2]"), conf: [:])
    }
}
