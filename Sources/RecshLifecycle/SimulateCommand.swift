import Foundation
import RecshServer
import RecshShell
import RecshTracking

/// `simulate traffic days=N`: requests in the dataset's own time, for the users active on each
/// held-out day, answered by the Production version, written to a request log for `replay`.
struct SimulateCommand: ShellCommand {
    let spec = CommandSpec(
        name: "simulate", group: .evaluation,
        summary: "log realistic requests for the held-out days, answered by the Production model",
        usage: "simulate traffic days=N [model=NAME] [log=FILE] [k=10]", arguments: 1...1,
        options: [
            OptionSpec("days", "N", default: "7", "held-out days to make requests for"),
            OptionSpec(
                "model", "NAME", default: "the only registered model", "the registered model whose Production answers"),
            OptionSpec(
                "log", "FILE", default: "a new log in the temporary folder", "the SQLite request log to append to"),
            OptionSpec("k", "N", default: "10", "films per answer"),
        ],
        examples: ["simulate traffic days=7 log=replay.sqlite"],
        details: """
            For each held-out day (holdout), every user who rated something that day asks for recommendations a minute \
            before their first rating of the day; the Production version answers as the server would (seen films left out) \
            and the request is logged with the version number, in the dataset's time. Nothing is released into the data.
            """)

    /// The log the session's last simulation wrote, which `replay` reads when given none.
    static let lastLogKey = "lifecycle.simulated-log"

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        guard call.positionals[0].text == "traffic" else {
            throw ShellError.badValue(name: "simulate", value: call.positionals[0].description, expected: "traffic")
        }
        let d = try s.requireDataset()
        let days = try HeldOut.days(call.option("days"), name: "days") ?? 7
        let k = try call.int("k", default: 10, in: 1...100)
        let log =
            try call.text("log")
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "recsh-traffic-\(UUID().uuidString.prefix(8)).sqlite")
        guard let h = HeldOut.of(s, dataset: d.name), !h.remaining.isEmpty else {
            throw ShellError.failed("nothing of \(d.name) is held out: holdout 30d first")
        }
        let store = try Tracker.of(s).requireStore(s)
        let name = try RegistryModel.name(try call.text("model"), store: store)
        guard let pv = try Lifecycle.wrap({ try store.aliasVersion(name: name, alias: "production") }) else {
            throw ShellError.failed("\(name) has no Production version: promote one first")
        }
        let v = try Lifecycle.wrap { try store.modelVersion(name: name, version: pv) }
        let snapshot = try Session.snapshot(
            fromArtifacts: try Lifecycle.modelFolder(v, store: store), version: pv, source: "models:/\(name)/\(pv)")
        let requests = try RequestStore(path: log)
        let range = h.next(days: days)
        let r = h.ratings
        var firstOfDay: [Int64: [Int32: Int64]] = [:]
        for i in range {
            let day = r.timestamps[i] / 86_400
            if firstOfDay[day, default: [:]][r.users[i]] == nil {
                firstOfDay[day, default: [:]][r.users[i]] = r.timestamps[i]
            }
        }
        var count = 0
        for day in firstOfDay.keys.sorted() {
            try s.cancellation.check()
            for (user, first) in firstOfDay[day]!.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                let answer = try snapshot.recommend(user: Int(user), k: k)
                let time = Date(timeIntervalSince1970: TimeInterval(first - 60))
                requests.log(
                    LoggedRequest(
                        id: "sim-\(pv)-\(user)-\(first)", time: time, userId: Int(user), endpoint: "/recommend",
                        status: 200, modelVersion: pv, ids: answer.items.map(\.movielensId),
                        scores: answer.items.map(\.score), latencyMs: 0, fallback: answer.fallback))
                count += 1
            }
        }
        requests.flush()
        s.attachments[Self.lastLogKey] = log as NSString
        let span =
            range.isEmpty
            ? ""
            : "\(Format.date(r.timestamps[range.lowerBound])) to \(Format.date(r.timestamps[range.upperBound - 1]))"
        return [
            .text(
                "Logged \(Format.grouped(count)) requests over \(firstOfDay.count) days (\(span)) to \(call.option("log") == nil ? "~" : "")\(log), answered by \(name) version \(pv)"
            )
        ]
    }
}

/// Which registered model a command means when it is not named.
enum RegistryModel {
    static func name(_ given: String?, store: any TrackingStore) throws -> String {
        if let given { return given }
        let names = try Lifecycle.wrap { try store.registeredModels() }
        guard names.count == 1 else {
            throw ShellError.failed(
                names.isEmpty
                    ? "no registered model yet: register MODEL as NAME"
                    : "say model=NAME: \(names.joined(separator: ", "))")
        }
        return names[0]
    }
}
