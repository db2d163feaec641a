import Foundation
import RecshModels
import Synchronization
import Testing

@testable import RecshEngines

#if canImport(Glibc)
    import Glibc
#endif

/// The faults of a Spark job, each a message naming what to do, played by fake installations.
@Suite("Spark jobs: setup, faults and Ctrl-C")
struct SparkJobTests {
    struct Settings: Encodable { var rank = 2 }

    @Test("no pyspark: the message names the setup script and where recsh looked")
    func sparkMissing() {
        let empty = NSTemporaryDirectory() + "recsh-no-spark-\(UUID().uuidString.prefix(8))"
        #expect(throws: EngineError.sparkMissing(searched: [empty + "/spark-venv"])) {
            try SparkInstallation.locate(dataFolders: [empty], environment: ["PATH": "/usr/bin:/bin"])
        }
        #expect(EngineError.sparkMissing(searched: ["x"]).description.contains("Scripts/requirements-spark.sh"))
    }

    @Test("no java: the message names the Debian package")
    func javaMissing() throws {
        let fake = try FakeSpark.venv("exit 0")
        let folder = (fake.venv as NSString).deletingLastPathComponent
        let name = (fake.venv as NSString).lastPathComponent
        #expect(throws: EngineError.javaMissing) {
            try SparkInstallation.locate(
                dataFolders: [], environment: ["RECSH_SPARK_VENV": folder + "/" + name, "PATH": "/nonexistent"])
        }
        #expect(EngineError.javaMissing.description.contains("openjdk-17-jre-headless"))
    }

    @Test("master= values: local forms and spark://HOST:PORT; others are refused by name")
    func masters() throws {
        #expect(try SparkMaster("local[2]") == .local("local[2]"))
        #expect(try SparkMaster("local[*]").isLoopback)
        #expect(try SparkMaster("spark://10.0.0.5:7077") == .standalone(host: "10.0.0.5", port: 7077))
        #expect(try !SparkMaster("spark://10.0.0.5:7077").isLoopback)
        for bad in ["yarn", "local[0]", "local[x]", "spark://host", "spark://:7077", "spark://h:99999"] {
            #expect(throws: EngineError.badMaster(bad)) { try SparkMaster(bad) }
        }
    }

    @Test("an unreachable master fails at once, before spark-submit starts")
    func unreachableMaster() throws {
        // a port nothing listens on: bind one, read its number, close it
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, len)
                _ = getsockname(fd, $0, &len)
            }
        }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(fd)
        let job = try SparkJob(
            installation: FakeSpark.venv("touch \"$job/started\""), master: .standalone(host: "127.0.0.1", port: port),
            conf: [:])
        defer { job.remove() }
        do {
            _ = try job.run("als", settings: Settings()) { false }
            Issue.record("an unreachable master was accepted")
        } catch {
            guard case .masterUnreachable(let m, _) = error else { throw error }
            #expect(m == "spark://127.0.0.1:\(port)")
            #expect(error.description.contains("cannot be reached"))
        }
        #expect(!FileManager.default.fileExists(atPath: job.path("started")))
    }

    @Test("a failed job: the reason comes from result.json, not from stdout's noise")
    func failedJob() throws {
        let job = try FakeSpark.job(
            """
            echo "WARN NativeCodeLoader: Unable to load native-hadoop library"
            echo '{"status": "failed", "error": "IllegalArgumentException: requirement failed: rank must be positive"}' > "$job/result.json"
            exit 1
            """)
        defer { job.remove() }
        #expect(
            throws: EngineError.jobFailed(
                verb: "als", reason: "IllegalArgumentException: requirement failed: rank must be positive",
                log: job.path("spark.log"))
        ) { try job.run("als", settings: Settings()) { false } }
    }

    @Test("after a failure the log the message names stays, and the data sent goes")
    func cleanUp() throws {
        let job = try FakeSpark.job("echo 'SparkException: boom'; exit 1")
        defer { job.remove() }
        try Data(count: 1024).write(to: URL(fileURLWithPath: job.path("input/users.i32")))
        do {
            _ = try job.run("als", settings: Settings()) { false }
            Issue.record("a failed job was accepted")
        } catch {
            job.cleanUp(after: error)
            #expect(error.description.contains(job.path("spark.log")))
        }
        #expect(FileManager.default.fileExists(atPath: job.path("spark.log")))
        #expect(!FileManager.default.fileExists(atPath: job.path("input")))
        job.cleanUp(after: .cancelled)
        #expect(!FileManager.default.fileExists(atPath: job.folder))
    }

    @Test("a job killed without a result: the exit code is named, with the log's last line")
    func killedJob() throws {
        let job = try FakeSpark.job("echo 'Exception in thread main: java.lang.OutOfMemoryError'; exit 137")
        defer { job.remove() }
        do {
            _ = try job.run("als", settings: Settings()) { false }
            Issue.record("a killed job was accepted")
        } catch {
            #expect(error.description.contains("exit code 137"))
            #expect(error.description.contains("out-of-memory killer"))
            #expect(error.description.contains("java.lang.OutOfMemoryError"))
        }
        let signalled = try FakeSpark.job("kill -9 $$")
        defer { signalled.remove() }
        #expect(throws: EngineError.jobKilled(verb: "als", signal: 9, log: signalled.path("spark.log"))) {
            try signalled.run("als", settings: Settings()) { false }
        }
    }

    @Test("exit code 0 with a result that is not ok is a failure too")
    func exitZeroWithoutOk() throws {
        let job = try FakeSpark.job("echo 'all fine, says stdout'")
        defer { job.remove() }
        #expect(throws: (any Error).self) { try job.run("als", settings: Settings()) { false } }
    }

    @Test("Ctrl-C stops the job's whole process group and says cancelled")
    func cancel() throws {
        // the script starts a child of its own, as spark-submit starts a JVM that starts Python
        let job = try FakeSpark.job("sleep 300 & echo $! > \"$job/child\"; wait")
        defer { job.remove() }
        let requested = Atomic<Bool>(false)
        let started = Date()
        #expect(throws: EngineError.cancelled) {
            try job.run("als", settings: Settings()) {
                // the condition: the child is running
                if FileManager.default.fileExists(atPath: job.path("child")) {
                    requested.store(true, ordering: .relaxed)
                }
                return requested.load(ordering: .relaxed)
            }
        }
        #expect(Date().timeIntervalSince(started) < 60)
        let child = try #require(
            Int32(
                String(contentsOfFile: job.path("child"), encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        // the grandchild got the signal too; wait for it to be reaped by init
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(child, 0) != 0
            if !gone { usleep(50_000) }
        }
        #expect(gone)
    }

    @Test("spark-submit's command line: master, loopback driver, recsh's defaults overridden by set spark.conf")
    func commandLine() throws {
        let job = try SparkJob(
            installation: FakeSpark.venv("exit 0"), master: .local("local[2]"),
            conf: ["spark.driver.memory": "10g", "spark.sql.adaptive.enabled": "false"])
        defer { job.remove() }
        let argv = job.arguments("als")
        #expect(argv[1...2] == ["--master", "local[2]"])
        #expect(argv.contains("spark.driver.memory=10g"))
        #expect(!argv.contains("spark.driver.memory=4g"))
        #expect(argv.contains("spark.sql.adaptive.enabled=false"))
        #expect(argv.contains("spark.driver.bindAddress=127.0.0.1"))
        #expect(argv.suffix(2) == ["als", job.folder])
        #expect(job.environment()["PYSPARK_PYTHON"] == job.installation.python)
        let remote = try SparkJob(
            installation: job.installation, master: .standalone(host: "10.1.2.3", port: 7077), conf: [:])
        defer { remote.remove() }
        #expect(!remote.arguments("als").contains("spark.driver.bindAddress=127.0.0.1"))
    }
}
