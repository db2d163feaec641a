import Foundation
import RecshData
import RecshServer
import RecshShell

/// `replay LOG [window=7d] [k=10]`: what users did after each logged recommendation.
struct ReplayCommand: ShellCommand {
    let spec = CommandSpec(
        name: "replay", group: .evaluation,
        summary: "judge a request log's recommendations by what users rated next, per model version",
        usage: "replay [LOG] [window=7d] [k=10]", arguments: 0...1,
        options: [
            OptionSpec("window", "DAYS", default: "7d", "how long after a request an interaction counts"),
            OptionSpec("k", "N", default: "10", "the top films of each answer that count"),
        ],
        examples: ["replay recsh-requests.sqlite window=7d"],
        details: """
            With no LOG, the log of the session's last simulate traffic. Joins each logged /recommend answer with the ratings its user made within the window after the request (the \
            current dataset and what holdout keeps back). Realized precision@K: recommended films rated in the window, over \
            K. Hit rate: answers with at least one. CTR proxy: recommended films rated 4 or more in the window, over films \
            shown. Per model version, so two versions can be compared on the same traffic.
            """,
        completes: .files)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard
            let log = call.positionals.first?.text
                ?? (s.attachments[SimulateCommand.lastLogKey] as? NSString).map(String.init)
        else { throw ShellError.failed("replay needs a request log: replay FILE, or simulate traffic first") }
        guard FileManager.default.fileExists(atPath: log) else { throw ShellError.failed("no request log at \(log)") }
        let window = Int64(try HeldOut.days(call.option("window"), name: "window") ?? 7) * 86_400
        let k = try call.int("k", default: 10, in: 1...100)
        let requests = try RequestStore(path: log).requests(since: .distantPast).filter {
            $0.endpoint == "/recommend" && $0.userId != nil && $0.status == 200
        }
        guard !requests.isEmpty else { throw ShellError.failed("\(log) has no logged /recommend answers to replay") }
        // every known interaction by user, in time order: the dataset and what is held out
        var byUser: [Int32: [(time: Int64, item: Int32, rating: Float)]] = [:]
        func add(_ r: RatingsTable, _ range: Range<Int>) {
            for i in range { byUser[r.users[i], default: []].append((r.timestamps[i], r.items[i], r.ratings[i])) }
        }
        add(d.ratings, 0..<d.ratings.count)
        if let h = HeldOut.of(s, dataset: d.name) { add(h.ratings, h.remaining) }
        for u in byUser.keys { byUser[u]!.sort { $0.time < $1.time } }

        struct Tally {
            var requests = 0, users = Set<Int>(), precision = 0.0, hits = 0, shown = 0, positive = 0
        }
        var tallies: [Int: Tally] = [:]
        for q in requests {
            let t0 = Int64(q.time.timeIntervalSince1970)
            let events = byUser[Int32(clamping: q.userId!)] ?? []
            var lo = 0
            var hi = events.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if events[mid].time <= t0 { lo = mid + 1 } else { hi = mid }
            }
            var later: [Int32: Float] = [:]
            var j = lo
            while j < events.count && events[j].time <= t0 + window {
                later[events[j].item] = events[j].rating
                j += 1
            }
            let top = q.ids.prefix(k)
            let rated = top.filter { later[$0] != nil }.count
            var tally = tallies[q.modelVersion, default: Tally()]
            tally.requests += 1
            tally.users.insert(q.userId!)
            tally.precision += Double(rated) / Double(k)
            tally.hits += rated > 0 ? 1 : 0
            tally.shown += top.count
            tally.positive += top.filter { (later[$0] ?? 0) >= 4 }.count
            tallies[q.modelVersion] = tally
        }
        var t = Table(
            title: "Replay of \(Format.grouped(requests.count)) answers, window \(window / 86_400) days, K=\(k)",
            columns: [
                .init("Version", key: "model_version", right: true), .init("Requests", right: true),
                .init("Users", right: true), .init("P@\(k)", key: "precision", right: true),
                .init("HitRate", key: "hit_rate", right: true), .init("CTR proxy", key: "ctr_proxy", right: true),
            ])
        for (v, x) in tallies.sorted(by: { $0.key < $1.key }) {
            t.rows.append([
                .int(v), .int(x.requests), .int(x.users.count), .number(x.precision / Double(x.requests), digits: 4),
                .number(Double(x.hits) / Double(x.requests), digits: 4),
                .number(x.shown == 0 ? 0 : Double(x.positive) / Double(x.shown), digits: 4),
            ])
        }
        return [.table(t, name: "replay")]
    }
}
