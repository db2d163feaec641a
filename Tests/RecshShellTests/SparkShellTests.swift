import Foundation
import RecshData
import RecshModels
import Testing

@testable import RecshShell

/// A shell on ml-100k whose download folder holds a fake `spark-venv` playing `body` as its
/// spark-submit (see Tests/RecshEnginesTests/FakeSpark.swift for the real faults' tests).
func shellWithFakeSpark(_ body: String, label: String = #function) throws -> (TestShell, String) {
    let folder = scratchFolder(label)
    let venv = folder + "/spark-venv"
    try FileManager.default.createDirectory(atPath: venv + "/bin", withIntermediateDirectories: true)
    try ("#!/bin/bash\njob=\"${@: -1}\"\n" + body + "\n").write(
        toFile: venv + "/bin/spark-submit", atomically: true, encoding: .utf8)
    try "#!/bin/sh\n".write(toFile: venv + "/bin/python", atomically: true, encoding: .utf8)
    for f in ["spark-submit", "python"] {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: venv + "/bin/" + f)
    }
    let session = Session(
        searchPath: DataSearchPath(folders: [TestShell.datasets], downloadFolder: folder), cancellation: Cancellation())
    let t = TestShell(shell: Shell(session: session, console: .silent()))
    t.run("load ml-100k")
    return (t, venv)
}

/// engine=spark's faults at the prompt, and recommend all without Spark. A real Spark installation
/// is not needed; `RECSH_SPARK_VENV` (set by Scripts/test-spark.sh) would point these at it.
@Suite(
    "engine=spark and recommend all at the prompt",
    .disabled(if: ProcessInfo.processInfo.environment["RECSH_SPARK_VENV"] != nil, "a real Spark is configured"))
struct SparkShellTests {
    @Test("a failing Spark job: its reason, the log's path, and the session keeps its previous als")
    func failedJobKeepsModel() throws {
        let (t, _) = try shellWithFakeSpark(
            "echo '{\"status\": \"failed\", \"error\": \"SparkException: Job aborted\"}' > \"$job/result.json\"; exit 1"
        )
        t.run("train als factors=8 iterations=2")
        let out = t.run("train als engine=spark factors=8")
        #expect(
            out.contains("the Spark als job failed: SparkException: Job aborted")
                || out.contains("engine=spark needs Java 17"), "\(out)")
        #expect(out.contains("keeps its previous model") || out.contains("openjdk"))
        let models = t.run("models")
        #expect(models.contains("factors=8 reg=0.05 alpha=10.0 iterations=2"))
        #expect(!models.contains("engine=spark"))
    }

    @Test("Ctrl-C during a Spark fit stops the job and the session goes on with its previous als")
    func cancel() throws {
        let (t, venv) = try shellWithFakeSpark("touch \"$(dirname \"$0\")/../started\"; sleep 300")
        t.run("train als factors=8 iterations=2")
        let cancellation = t.session.cancellation
        let watcher = Thread {
            // the condition: the job is running
            while !FileManager.default.fileExists(atPath: venv + "/started") { usleep(20_000) }
            cancellation.request()
        }
        watcher.start()
        let out = t.run("train als engine=spark factors=8")
        cancellation.reset()
        guard FileManager.default.fileExists(atPath: venv + "/started") else {
            // no Java on this machine: the job never started, and the message said why
            #expect(out.contains("Java 17"))
            return
        }
        #expect(out.contains("cancelled"), "\(out)")
        #expect(t.run("models").contains("factors=8 reg=0.05 alpha=10.0 iterations=2"))
        #expect(t.run("recommend user=12 k=3").contains("For user 12"))
    }

    @Test("engine=spark's argument errors name the option")
    func badArguments() throws {
        let (t, _) = try shellWithFakeSpark("exit 1")
        #expect(t.run("train als engine=spark master=yarn").contains("master=yarn is not a Spark master"))
        #expect(t.run("train als engine=spark reg-scaling=none").contains("Spark's regParam always weighs reg"))
        #expect(t.run("train als engine=spark alpha=0.5").contains("1 or more with engine=spark"))
        #expect(t.run("train als engine=flink").contains("recsh or spark"))
        #expect(t.run("train als master=local[2]").contains("master= is an option of engine=spark"))
        #expect(t.run("train als engine=spark factor=8").contains("factors"))
    }

    @Test("recommend all: every user's unseen top k, as recommend user= lists them, in a folder it may replace")
    func recommendAllNative() throws {
        let t = TestShell.ml100k("train als")
        let dir = scratchFolder() + "/recs"
        let out = t.run("recommend all k=5 out=\(dir)")
        #expect(out.contains("Wrote the top 5 unseen films of 943 users by als (4715 rows)"), "\(out)")
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/_recsh.json")))
            as? [String: Any]
        #expect(manifest?["rows"] as? Int == 4715)
        #expect(FileManager.default.fileExists(atPath: dir + "/part-00000.parquet"))
        #expect(FileManager.default.fileExists(atPath: dir + "/_SUCCESS"))
        // the rows are recommend user='s lists
        let model = try #require(t.session.model(named: "als"))
        let table = try #require(
            AllUsersTopK.rank(
                model.recommender!, seen: RecommendAll.seenMatrix(t.session.current!, model: model), k: 5, threads: 2,
                isCancelled: { false }))
        let user12 = table.movieIds.indices.filter { table.userIds[$0] == 12 }.map { table.movieIds[$0] }
        let listed = t.run("recommend user=12 k=5").split(separator: "\n").dropFirst(3).compactMap {
            $0.split(separator: " ").dropFirst().first.flatMap { Int32($0) }
        }
        #expect(user12 == listed)
        #expect(table.ranks.prefix(5) == [1, 2, 3, 4, 5])
        // a second run replaces its own folder
        #expect(t.run("recommend all k=3 out=\(dir)").contains("(2829 rows)"))
    }

    @Test("recommend all refuses a folder it did not write, and bad arguments, by name")
    func recommendAllRefusals() throws {
        let t = TestShell.ml100k("train als", "train knn")
        let dir = scratchFolder()
        try "keep me".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let out = t.run("recommend all out=\(dir)")
        #expect(out.contains("notes.txt"), "\(out)")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "keep me")
        #expect(t.run("recommend all k=5").contains("needs out=DIR"))
        #expect(t.run("recommend all user=12 out=x").contains("user= is for recommend user=ID"))
        #expect(t.run("recommend all engine=spark by=knn out=\(dir)/r").contains("an ALS model's factors"))
        #expect(t.run("recommend all master=local[2] out=\(dir)/r").contains("master= is an option of engine=spark"))
        #expect(t.run("recommend user=12 out=x").contains("out= is an option of recommend all"))
        #expect(t.run("recommend everyone").contains("the word all"))
    }

    @Test("set spark.conf.KEY=VALUE keeps the key's case, shows in settings, and an empty value removes it")
    func sparkConf() {
        let t = TestShell()
        #expect(
            t.run("set spark.conf.spark.executor.extraJavaOptions=-XX:+UseG1GC").contains(
                "spark.executor.extraJavaOptions"))
        #expect(t.session.settings.sparkConf == ["spark.executor.extraJavaOptions": "-XX:+UseG1GC"])
        #expect(t.run("show settings").contains("spark.conf.spark.executor.extraJavaOptions"))
        t.run("set spark.conf.spark.executor.extraJavaOptions=\"\"")
        #expect(t.session.settings.sparkConf.isEmpty)
        #expect(t.run("set spark.conf.memory=4g").contains("a Spark setting after spark.conf."))
    }
}
