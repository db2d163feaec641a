import Foundation
import GRDB
import RecshFiles
import RecshShell
import Synchronization

/// One served request, as the log keeps it.
public struct LoggedRequest: Sendable {
    public var id: String
    public var time: Date
    public var userId: Int?
    public var endpoint: String
    public var status: Int
    public var modelVersion: Int
    public var ids: [Int32]
    public var scores: [Float]
    public var latencyMs: Double
    public var fallback: Bool

    public init(
        id: String, time: Date, userId: Int?, endpoint: String, status: Int, modelVersion: Int, ids: [Int32],
        scores: [Float], latencyMs: Double, fallback: Bool
    ) {
        self.id = id
        self.time = time
        self.userId = userId
        self.endpoint = endpoint
        self.status = status
        self.modelVersion = modelVersion
        self.ids = ids
        self.scores = scores
        self.latencyMs = latencyMs
        self.fallback = fallback
    }
}

/// The server's SQLite file (WAL): the request log and the users' feedback.
///
/// Feedback is written before the request is acknowledged, so a crash loses none that a client
/// saw accepted. Log entries are buffered and written in batches every 200 ms, so logging costs
/// a request an append under a lock; a crash can lose the last batch, never corrupt the file.
public final class RequestStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Log entries waiting for the next batch.
    private let pending = Mutex<[LoggedRequest]>([])

    public init(path: String) throws {
        self.path = path
        let folder = PathText.folder(of: path)
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Self.checkOurs(path)
        var config = Configuration()
        config.busyMode = .timeout(5)
        // WAL with synchronous=NORMAL: a committed transaction survives the process being killed
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do { pool = try DatabasePool(path: path, configuration: config) } catch {
            throw ShellError.failed("cannot open the request log \(path): \(error)")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE requests (
                      id TEXT PRIMARY KEY, time REAL NOT NULL, user_id INTEGER, endpoint TEXT NOT NULL, status INTEGER NOT NULL,
                      model_version INTEGER NOT NULL, ids TEXT NOT NULL, scores TEXT NOT NULL, latency_ms REAL NOT NULL, fallback INTEGER NOT NULL);
                    CREATE INDEX requests_time ON requests(time);
                    CREATE TABLE feedback (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, user_id INTEGER NOT NULL, movie_id INTEGER NOT NULL,
                      movielens_id INTEGER NOT NULL, event TEXT NOT NULL);
                    CREATE INDEX feedback_user ON feedback(user_id);
                    """)
        }
        do { try migrator.migrate(pool) } catch {
            throw ShellError.failed("\(path) is not a recsh request log: \(error)")
        }
    }

    /// The rule of every file recsh writes: open only a new file, an empty one, or an earlier request
    /// log (SQLite holding recsh's tables). Opening for writing would otherwise convert someone
    /// else's database to WAL and add tables to it.
    static func checkOurs(_ path: String) throws {
        switch PathKind(path) {
        case .missing, .regular(size: 0): return
        case .regular:
            let head = FileManager.default.contents(atPath: path)?.prefix(16) ?? Data()
            guard head == Data("SQLite format 3\u{0}".utf8) else {
                throw ShellError.failed(
                    "refusing to use \(path) as the request log: it is a file that is not a SQLite database; name a new file with log=FILE"
                )
            }
            var config = Configuration()
            config.readonly = true
            let tables: Set<String>
            do {
                let queue = try DatabaseQueue(path: path, configuration: config)
                tables = Set(
                    try queue.read {
                        try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                    })
            } catch { throw ShellError.failed("cannot read \(path) as a request log: \(error)") }
            guard tables.isEmpty || tables.isSuperset(of: ["requests", "feedback"]) else {
                throw ShellError.failed(
                    "refusing to use \(path) as the request log: it is a SQLite database of other tables (\(tables.sorted().prefix(3).joined(separator: ", "))); name a new file with log=FILE"
                )
            }
        case let other:
            throw ShellError.failed(
                "\(path) is \(other.described), not a file for the request log; name a file with log=FILE")
        }
    }

    // MARK: request log

    /// Queues one request for the next batch.
    public func log(_ entry: LoggedRequest) {
        pending.withLock { $0.append(entry) }
    }

    /// Writes the queued entries in one transaction.
    public func flush() {
        let batch = pending.withLock { p in
            let batch = p
            p.removeAll(keepingCapacity: true)
            return batch
        }
        guard !batch.isEmpty else { return }
        do {
            try pool.write { db in
                let statement = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for e in batch {
                    try statement.execute(arguments: [
                        e.id, e.time.timeIntervalSince1970, e.userId, e.endpoint, e.status, e.modelVersion,
                        "[" + e.ids.map(String.init).joined(separator: ",") + "]",
                        "[" + e.scores.map { String(format: "%.4f", $0) }.joined(separator: ",") + "]",
                        e.latencyMs, e.fallback,
                    ])
                }
            }
        } catch {
            FileHandle.standardError.write(
                Data("recsh serve: could not write \(batch.count) log entries to \(path): \(error)\n".utf8))
        }
    }

    // MARK: feedback

    /// Stores one feedback event durably (committed before this returns).
    public func storeFeedback(user: Int, movieId: Int, movieLensId: Int32, event: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO feedback (time, user_id, movie_id, movielens_id, event) VALUES (?, ?, ?, ?, ?)",
                arguments: [Date().timeIntervalSince1970, user, movieId, Int(movieLensId), event])
        }
    }

    /// Every user's feedback so far, in order, as the recommendations apply it.
    public func allFeedback() throws -> [Int: UserFeedback] {
        try pool.read { db in
            var out: [Int: UserFeedback] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT user_id, movielens_id, event FROM feedback ORDER BY id") {
                let user: Int = row[0]
                let movie = Int32(row[1] as Int)
                let event: String = row[2]
                Self.apply(event, movie: movie, to: &out[user, default: UserFeedback()])
            }
            return out
        }
    }

    /// Every like, oldest first: (user, MovieLens id, seconds since 1970), for `retrain from=LOG`.
    public func likes() throws -> [(user: Int, movie: Int32, time: Int64)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT user_id, movielens_id, time FROM feedback WHERE event = 'like' AND time BETWEEN -1e11 AND 1e11 ORDER BY id"
            ).map { r in (r[0] as Int, Int32(clamping: r[1] as Int), Int64((r[2] as Double).rounded())) }
        }
    }

    /// Rows whose time or latency is not a finite number, which `requests(since:)` leaves out.
    public func unusableRequestCount() throws -> Int {
        try pool.read {
            try Int.fetchOne(
                $0,
                sql: "SELECT COUNT(*) FROM requests WHERE NOT (\(Self.usableRow)) OR time IS NULL OR latency_ms IS NULL"
            ) ?? 0
        }
    }

    public func feedbackCount() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM feedback") ?? 0 }
    }

    /// like: joins the history; watched: seen, so it leaves the list; skip: hidden.
    static func apply(_ event: String, movie: Int32, to f: inout UserFeedback) { f.apply(event, movie: movie) }

    // MARK: monitoring

    /// Rows recsh can use: a time and a latency that are finite (SQLite keeps infinities, and
    /// NaN as NULL); a log edited by hand or by another tool may hold anything.
    static let usableRow = "time BETWEEN -1e11 AND 1e11 AND latency_ms BETWEEN 0 AND 1e9"

    /// The logged requests since `since`, oldest first; rows with an unusable time or latency are left out.
    public func requests(since: Date) throws -> [LoggedRequest] {
        flush()
        return try pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, time, user_id, endpoint, status, model_version, ids, scores, latency_ms, fallback FROM requests WHERE time >= ? AND \(Self.usableRow) ORDER BY time",
                arguments: [since.timeIntervalSince1970]
            ).map { r in
                func numbers(_ s: String) -> [Substring] { s.dropFirst().dropLast().split(separator: ",") }
                return LoggedRequest(
                    id: r[0], time: Date(timeIntervalSince1970: r[1]), userId: r[2], endpoint: r[3], status: r[4],
                    modelVersion: r[5],
                    ids: numbers(r[6]).compactMap { Int32($0) }, scores: numbers(r[7]).compactMap { Float($0) },
                    latencyMs: r[8], fallback: r[9])
            }
        }
    }
}
