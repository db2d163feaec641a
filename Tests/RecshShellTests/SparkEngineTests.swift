import Foundation
import RecshModels
import Testing

@testable import RecshShell

/// The Spark installation Scripts/test-spark.sh points the suite at (RECSH_SPARK_VENV), and the
/// standalone master it starts (RECSH_SPARK_MASTER); without them these suites are skipped.
enum RealSpark {
    static let venv = ProcessInfo.processInfo.environment["RECSH_SPARK_VENV"]
    static let master = ProcessInfo.processInfo.environment["RECSH_SPARK_MASTER"]

    /// Runs `script` with the venv's Python and pyspark (its driver on 127.0.0.1); returns stdout.
    static func python(_ script: String) throws -> String {
        let file = scratchFolder() + "/check.py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Binary.run(
            [file], environment: ["SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": venv! + "/bin/python"],
            executable: venv! + "/bin/python")
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        return r.stdout
    }

    /// The pids of running Spark jobs of recsh (their command lines name recsh_spark.py);
    /// `driver`: only the Python driver, which starts once the JVM is up.
    static func jobProcesses(driver: Bool = false) -> [String] {
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return procs.filter { Int($0) != nil }.filter { pid in
            let cmd = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            let line = String(decoding: cmd, as: UTF8.self)
            return line.contains("recsh_spark.py") && (!driver || line.hasPrefix(venv! + "/bin/python"))
        }
    }
}

@Suite(
    "Spark MLlib's ALS behind train and recommend all (local[2] and a standalone cluster)", .serialized,
    .enabled(if: RealSpark.venv != nil))
struct SparkEngineTests {
    @Test("I2 on ml-100k: Spark's ALS and recsh's at matched regularisation agree within two standard errors")
    func quality() throws {
        let t = TestShell.ml100k("split i2")
        t.run("train als reg-scaling=count reg=0.1 as=native")
        let trained = t.run("train als engine=spark reg=0.1 as=spark")
        #expect(trained.contains("reg-scaling=count engine=spark"), "\(trained)")
        #expect(trained.contains("with Spark 4."), "\(trained)")
        let eval = t.run("eval native spark")
        let native = try #require(ndcg10(eval, "native"), "\(eval)")
        let spark = try #require(ndcg10(eval, "spark"), "\(eval)")
        // the split's noise: the standard error of the mean NDCG@10 over the test run's users
        let task = RankingTask(try #require(t.session.split?.ranking).test)
        let scored = try Scoring.ranking(
            .als, name: "native", call: try #require(t.session.model(named: "native")).trainCall, task: task,
            control: FitControl())
        let se = scored.metrics.ndcg10StandardError
        print("I2 ml-100k NDCG@10: recsh \(native), Spark \(spark), difference \(spark - native), standard error \(se)")
        #expect(se > 0.002 && se < 0.02)
        #expect(abs(spark - native) <= 2 * se, "\(eval)")
        #expect(native > 0.12 && spark > 0.12)
    }

    @Test("a Spark model is an ordinary ALS model: similar, fold-in, export and load artifacts")
    func ordinaryModel() throws {
        let t = TestShell.ml100k()
        #expect(t.run("train als engine=spark factors=32 iterations=10").contains("Trained als"))
        #expect(t.run("similar 50 by=als k=5").contains("Similar to Star Wars (1977) by als"))
        #expect(t.run("recommend likes=50,181 k=5").contains("For someone who likes"))
        let before = t.run("recommend user=12 k=5")
        let dir = scratchFolder() + "/export"
        #expect(t.run("export \(dir)").contains(dir))
        let u = TestShell.ml100k()
        u.run("load artifacts \(dir)")
        #expect(u.run("models").contains("reg-scaling=count engine=spark"))
        #expect(u.run("recommend user=12 k=5") == before)
    }

    @Test("recommend all engine=spark writes the same Parquet rows as recsh natively")
    func recommendAll() throws {
        let t = TestShell.ml100k("train als reg-scaling=count reg=0.1")
        let root = scratchFolder()
        #expect(t.run("recommend all k=10 out=\(root)/native").contains("(9430 rows)"))
        let out = t.run("recommend all k=10 engine=spark out=\(root)/spark")
        #expect(out.contains("(9430 rows)") && out.contains("with Spark"), "\(out)")
        let check = try RealSpark.python(
            """
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
            a = spark.read.parquet("\(root)/native")
            b = spark.read.parquet("\(root)/spark")
            same = a.alias("a").join(b.alias("b"), ["userId", "rank"]).where("a.movieId = b.movieId").count()
            print("schema", ",".join(f"{f.name}:{f.dataType.simpleString()}" for f in a.schema.fields))
            print("schema", ",".join(f"{f.name}:{f.dataType.simpleString()}" for f in b.schema.fields))
            print("rows", a.count(), b.count(), same)
            """)
        #expect(
            check.contains(
                "schema userId:int,rank:int,movieId:int,score:float\nschema userId:int,rank:int,movieId:int,score:float"
            ), "\(check)")
        let rows = try #require(check.split(separator: "\n").first { $0.hasPrefix("rows ") })
        let n = rows.split(separator: " ").dropFirst().compactMap { Int($0) }
        #expect(n[0] == 9430 && n[1] == 9430)
        // the same factors rank the same films; a tie of float sums may swap a neighbouring pair
        #expect(n[2] >= 9430 * 99 / 100, "\(check)")
    }

    @Test("Ctrl-C while Spark fits: the job's processes end and the session keeps its previous als")
    func cancel() throws {
        let t = TestShell.ml100k("train als factors=8 iterations=2")
        let cancellation = t.session.cancellation
        let watcher = Thread {
            // the condition: the job's Python driver is running, inside the JVM spark-submit started
            while RealSpark.jobProcesses(driver: true).isEmpty { usleep(50_000) }
            cancellation.request()
        }
        watcher.start()
        let out = t.run("train als engine=spark")
        cancellation.reset()
        #expect(out.contains("cancelled"), "\(out)")
        #expect(RealSpark.jobProcesses().isEmpty)
        #expect(t.run("models").contains("factors=8 reg=0.05 alpha=10.0 iterations=2"))
    }

    // in this serialized suite, so that no other job's processes confuse the Ctrl-C test
    @Test(
        "on a standalone cluster (master and worker on 127.0.0.1): train als and recommend all",
        .enabled(if: RealSpark.master != nil))
    func cluster() throws {
        let master = RealSpark.master!
        let t = TestShell.ml100k()
        let trained = t.run("train als engine=spark master=\(master) factors=32 iterations=10 reg=0.1 blocks=2")
        #expect(trained.contains("on \(master)"), "\(trained)")
        #expect(t.run("recommend user=12 k=5").contains("For user 12"))
        let dir = scratchFolder() + "/recs"
        let out = t.run("recommend all k=10 engine=spark master=\(master) out=\(dir)")
        #expect(out.contains("(9430 rows)"), "\(out)")
        #expect(t.run("train als engine=spark master=spark://127.0.0.1:1").contains("cannot be reached"))
    }
}
