import RecshData
import RecshModels

/// `blend W [REF]`: sets how Best of Both combines content and community, and shows its list for REF.
struct BlendCommand: ShellCommand {
    /// Deeper pools only add films that neither list ranks anywhere near the top.
    static let maxPool = 1000
    let spec = CommandSpec(
        name: "blend", group: .models,
        summary: "set the hybrid of content vs community (weight, method, pool), and show the hybrid list for REF",
        usage: "blend W [REF] [method=minmax|rank] [pool=N|k] [k=5] [content=NAME] [community=NAME]",
        arguments: 1...2,
        options: [
            OptionSpec(
                "method", "minmax|rank", default: BlendRule.standard.method.rawValue,
                "minmax: scores min-max normalised over the candidates; rank: reciprocal rank fusion",
                values: BlendRule.Method.allCases.map(\.rawValue)),
            OptionSpec(
                "pool", "N|k", default: BlendRule.standard.pool.map(String.init) ?? "k",
                "candidates: each model's top N (k: the list length, as protocol S1 has it)"),
            OptionSpec("k", "N", default: "5", "how many films"),
            OptionSpec("content", "NAME", default: "tfidf", "the content model"),
            OptionSpec("community", "NAME", default: "the latest community model", "the community model"),
        ],
        examples: ["blend 0.7 1366", "blend 0.5 method=minmax pool=k", "blend 0.6 603 method=rank pool=100"],
        details: """
            The candidates are each model's top N films (pool). rank scores a film \
            W / (60 + its content rank) + (1 - W) / (60 + its community rank), scaled so that first in both is 1; \
            minmax normalises each model's scores to 0..1 over the candidates and takes W * content + (1 - W) * community. \
            method=minmax pool=k is protocol S1 as written, which over two top-5 lists turns into an interleave. \
            The default, \(BlendRule.standard.text), is the best of the judge sweep on the golden file (docs/watchnext.md). \
            method and pool stay set until changed; export and serve use them.
            """,
        completes: .movies)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        guard case .number(let w, _) = call.positionals[0], (0...1).contains(w) else {
            throw ShellError.badValue(
                name: "blend", value: call.positionals[0].description,
                expected: "a weight from 0 (community only) to 1 (content only)")
        }
        s.blend = try Self.rule(call, from: s.blend.with(weight: Float(w)))
        var blocks: [OutputBlock] = [.text(Self.describe(s.blend), name: "blend")]
        guard call.positionals.count == 2 else { return blocks }
        let film = try s.resolveFilm(call.positionals[1])
        guard let seed = film.movie?.movieLensId else {
            throw ShellError.failed("\(film.displayTitle) is not in \(s.current?.name ?? "the dataset")")
        }
        let k = try call.int("k", default: 5, in: 1...1000)
        var notes: [String] = []
        let content =
            s.tmdb == nil && call.option("content") == nil
            ? nil : try s.contentModel(named: try call.text("content"), notes: &notes)
        let community = try s.communityModel(named: try call.text("community"), notes: &notes)
        let films = s.hybridFilms(seed: seed, content: content, community: community, k: k, blend: s.blend)
        blocks += notes.map { OutputBlock.text($0, name: "note") }
        blocks.append(
            .table(
                try s.filmTable(
                    films,
                    title:
                        "Best of both for \(film.displayTitle) (\(content?.name ?? "no content") × \(community.name))"),
                name: "hybrid"))
        return blocks
    }

    /// `rule` with the method= and pool= of `call`, when given.
    static func rule(_ call: Invocation, from rule: BlendRule) throws -> BlendRule {
        var r = rule
        if let m = try call.text("method") {
            guard let method = BlendRule.Method(rawValue: m) else {
                throw ShellError.badValue(name: "method", value: m, expected: "minmax or rank")
            }
            r.method = method
        }
        if let p = call.option("pool") {
            if p.text == "k" {
                r.pool = nil
            } else {
                r.pool = try call.int("pool", default: 100, in: 1...maxPool)
            }
        }
        return r
    }

    static func describe(_ r: BlendRule) -> String {
        let how =
            r.method == .rank
            ? "rank fusion" : "min-max scores"
        let pool = r.pool.map { "each model's top \($0)" } ?? "the two shown lists"
        return "blend weight \(r.weight) (content) / \(1 - r.weight) (community): \(how) over \(pool)"
    }
}
