import Foundation
import RecshData
import RecshModels

/// `judge FILE`: the three list approaches against a golden file of graded judgements.
struct JudgeCommand: ShellCommand {
    static let contentTarget = 2.8, communityTarget = 2.2, hybridWins = 8
    /// Each point grades every golden film three ways; a thousand is already a fine sweep.
    static let maxSweepPoints = 1000
    let spec = CommandSpec(
        name: "judge", group: .evaluation,
        summary: "grade the content, community and hybrid lists against a golden file",
        usage: "judge FILE.csv [k=5] [sweep=0..1] [step=0.1] [method=minmax|rank] [pool=N|k]", arguments: 1...1,
        options: [
            OptionSpec("k", "N", default: "5", "list length judged"),
            OptionSpec("sweep", "A..B", "also try hybrid weights from A to B"),
            OptionSpec("step", "X", default: "0.1", "the sweep's step"),
            OptionSpec(
                "method", "minmax|rank", default: "the blend's", "judge the hybrid with this method",
                values: ["minmax", "rank"]),
            OptionSpec("pool", "N|k", default: "the blend's", "judge the hybrid with candidates this deep"),
        ],
        examples: ["judge Scripts/golden.csv", "judge Scripts/golden.csv sweep=0..1 step=0.1"],
        details: """
            The file: a header seed_tmdb,seed_title,candidate_tmdb,candidate_title,grade, then one judgement per line \
            (grade 3 obvious relative, 2 related, 1 unrelated); # lines are comments. Unjudged candidates count as 1 and \
            are listed for grading. Targets: content >= \(JudgeCommand.contentTarget), community >= \(JudgeCommand.communityTarget), \
            hybrid at least as good as the better single list on \(JudgeCommand.hybridWins) films, with a mean at or above \
            the better list's. method= and pool= judge another blend rule without setting it.
            """,
        completes: .files)

    struct Golden {
        var seeds: [Int32] = []
        var grades: [Int32: [Int32: Int]] = [:]
        var unknown: [String] = []
    }

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let path = call.positionals[0].text else { throw call.usageError(spec, what: "a golden file") }
        let k = try call.int("k", default: 5, in: 1...50)
        let golden = try read(path, dataset: d)
        guard !golden.seeds.isEmpty else { throw ShellError.failed("\(path) has no judgement of a film in \(d.name)") }
        var notes: [String] = []
        let content = try s.contentModel(notes: &notes)
        let community = try s.communityModel(notes: &notes)
        var blocks = notes.map { OutputBlock.text($0, name: "note") }
        if !golden.unknown.isEmpty {
            blocks.append(
                .text(
                    "Skipped films not in \(d.name):\n" + golden.unknown.map { "  " + $0 }.joined(separator: "\n"),
                    name: "unknown"))
        }

        func grade(_ seed: Int32, _ list: [ListedFilm], unjudged: inout [(Int32, Int32)]) -> Double {
            guard !list.isEmpty else { return 1 }
            var total = 0
            for f in list {
                if let g = golden.grades[seed]?[f.movieLensId] {
                    total += g
                } else {
                    total += 1
                    unjudged.append((seed, f.movieLensId))
                }
            }
            // a short list is padded with grade-1 places, so missing films never help
            return Double(total + (k - list.count)) / Double(k)
        }
        func evaluate(weight: Float, unjudged: inout [(Int32, Int32)]) -> [(
            seed: Int32, content: Double, community: Double, hybrid: Double
        )] {
            golden.seeds.map { seed in
                let c = s.similarFilms(to: seed, model: content, k: k)
                let m = s.similarFilms(to: seed, model: community, k: k)
                let h = s.hybridFilms(
                    seed: seed, content: content, community: community, k: k, blend: rule.with(weight: weight))
                return (
                    seed, grade(seed, c, unjudged: &unjudged), grade(seed, m, unjudged: &unjudged),
                    grade(seed, h, unjudged: &unjudged)
                )
            }
        }
        var unjudged: [(Int32, Int32)] = []
        let rule = try BlendCommand.rule(call, from: s.blend)
        let rows = evaluate(weight: rule.weight, unjudged: &unjudged)
        var table = Table(
            title: "Mean grade of the top \(k) (blend \(rule.text))",
            columns: [
                .init("Reference film", key: "film"), .init("Content", right: true),
                .init("Community", right: true), .init("Hybrid", right: true),
                .init("Hybrid ≥ best", key: "hybrid_at_least_best"),
            ])
        var wins = 0
        for r in rows {
            let win = r.hybrid >= max(r.content, r.community) - 1e-9
            if win { wins += 1 }
            table.rows.append([
                .text(title(r.seed, d)), .number(r.content, digits: 2), .number(r.community, digits: 2),
                .number(r.hybrid, digits: 2), .text(win ? "yes" : "no"),
            ])
        }
        let n = Double(rows.count)
        let mc = rows.map(\.content).reduce(0, +) / n
        let mm = rows.map(\.community).reduce(0, +) / n
        let mh = rows.map(\.hybrid).reduce(0, +) / n
        table.rows.append([
            .text("mean of \(rows.count)"), .number(mc, digits: 2), .number(mm, digits: 2), .number(mh, digits: 2),
            .text("\(wins) of \(rows.count)"),
        ])
        blocks.append(.table(table, name: "judgement"))
        blocks.append(
            .record(
                [
                    (
                        "content",
                        .text(
                            String(
                                format: "%.2f (target %.1f): %@", mc, Self.contentTarget,
                                mc >= Self.contentTarget ? "PASS" : "FAIL"))
                    ),
                    (
                        "community",
                        .text(
                            String(
                                format: "%.2f (target %.1f): %@", mm, Self.communityTarget,
                                mm >= Self.communityTarget ? "PASS" : "FAIL"))
                    ),
                    (
                        "hybrid ≥ better single",
                        .text(
                            "\(wins) of \(rows.count) films (target \(Self.hybridWins)), mean \(String(format: "%.2f", mh)) vs \(String(format: "%.2f", max(mc, mm))): \(wins >= Self.hybridWins && mh >= max(mc, mm) - 1e-9 ? "PASS" : "FAIL")"
                        )
                    ),
                ], name: "targets"))

        if let sweep = call.option("sweep") {
            guard case .range(let a, let b) = sweep, case .number(let lo, _) = a, case .number(let hi, _) = b, lo >= 0,
                hi <= 1, lo <= hi
            else {
                throw ShellError.badValue(
                    name: "sweep", value: sweep.description, expected: "a range of weights within 0..1")
            }
            var step = 0.1
            if let v = call.option("step") {
                guard case .number(let x, _) = v else {
                    throw ShellError.badValue(name: "step", value: v.description, expected: "a positive number")
                }
                step = x
            }
            guard step > 0, step.isFinite else {
                throw ShellError.badValue(name: "step", value: String(step), expected: "a positive number")
            }
            let points = ((hi - lo) / step + 1e-9).rounded(.down) + 1
            guard points <= Double(Self.maxSweepPoints) else {
                throw ShellError.badValue(
                    name: "step", value: String(step),
                    expected:
                        "a step that gives at most \(Self.maxSweepPoints) weights from \(lo) to \(hi) (this one gives \(points < 1e12 ? Format.grouped(Int(points)) : "more than a trillion"))"
                )
            }
            var bars: [(label: String, value: Double, shown: String)] = []
            var best = (w: lo, grade: -1.0)
            let steps = Int(((hi - lo) / step + 1e-9).rounded(.down))
            for i in 0...steps {
                try s.cancellation.check()
                let w = lo + Double(i) * step
                var ignored: [(Int32, Int32)] = []
                let r = evaluate(weight: Float(w), unjudged: &ignored)
                let mean = r.map(\.hybrid).reduce(0, +) / n
                let winsAt = r.filter { $0.hybrid >= max($0.content, $0.community) - 1e-9 }.count
                bars.append((String(format: "%.2f", w), mean, String(format: "%.2f  wins %d", mean, winsAt)))
                if mean > best.grade + 1e-9 { best = (w, mean) }
            }
            blocks.append(
                .chart(
                    BarChart(
                        title: "Hybrid mean grade by blend weight (content share)", labelTitle: "Weight",
                        valueTitle: "Grade", bars: bars), name: "sweep"))
            blocks.append(
                .text(
                    String(
                        format: "Best weight: %.2f (mean grade %.2f); blend %.2f method=%@ pool=%@ sets it.", best.w,
                        best.grade, best.w, rule.method.rawValue, rule.pool.map(String.init) ?? "k"),
                    name: "best_weight"))
        }
        if !unjudged.isEmpty {
            var seen = Set<String>()
            let lines = unjudged.compactMap { (seed, cand) -> String? in
                let key = "\(seed)-\(cand)"
                guard seen.insert(key).inserted else { return nil }
                let st = d.movies.movie(movieLensId: seed)
                let ct = d.movies.movie(movieLensId: cand)
                return [
                    st?.tmdbId.map(String.init) ?? "ml:\(seed)", Renderer.csvField(st?.title ?? ""),
                    ct?.tmdbId.map(String.init) ?? "ml:\(cand)", Renderer.csvField(ct?.title ?? ""), "?",
                ].joined(separator: ",")
            }
            blocks.append(
                .text(
                    "Unjudged candidates (counted as 1): grade them and add these lines to the file:\n"
                        + lines.map { "  " + $0 }.joined(separator: "\n"), name: "unjudged"))
        }
        return blocks
    }

    func title(_ id: Int32, _ d: Dataset) -> String { d.movies.movie(movieLensId: id)?.title ?? "ml:\(id)" }

    /// Reads the golden file; films are TMDB ids, or ml:ID for MovieLens ids.
    func read(_ path: String, dataset d: Dataset) throws -> Golden {
        guard FileManager.default.fileExists(atPath: path) else { throw ShellError.fileNotFound(path) }
        let text = try TextDecoding.read(path: path)
        var golden = Golden()
        var sawHeader = false
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated()
        {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var reader = CSVReader(data: Data(line.utf8), file: path)
            guard let f = try reader.next() else { continue }
            if !sawHeader {
                sawHeader = true
                guard f.first == "seed_tmdb" else {
                    throw ShellError.failed(
                        "\(path):\(n + 1): expected the header seed_tmdb,seed_title,candidate_tmdb,candidate_title,grade"
                    )
                }
                continue
            }
            guard f.count == 5, let g = Int(f[4]), (1...3).contains(g) else {
                throw ShellError.failed(
                    "\(path):\(n + 1): expected seed_tmdb,seed_title,candidate_tmdb,candidate_title,grade with a grade of 1, 2 or 3, found \"\(line)\""
                )
            }
            func film(_ id: String, _ title: String) -> Int32? {
                if id.hasPrefix("ml:"), let v = Int32(id.dropFirst(3)), d.movies.movie(movieLensId: v) != nil {
                    return v
                }
                if let t = Int(id), let m = d.movies.movie(tmdbId: t) { return m.movieLensId }
                golden.unknown.append("\(path):\(n + 1): \(title.isEmpty ? id : title) (\(id))")
                return nil
            }
            guard let seed = film(f[0], f[1]), let cand = film(f[2], f[3]) else { continue }
            if golden.grades[seed] == nil { golden.seeds.append(seed) }
            golden.grades[seed, default: [:]][cand] = g
        }
        guard sawHeader else { throw ShellError.failed("\(path) is empty: expected a header and judgements") }
        return golden
    }
}
