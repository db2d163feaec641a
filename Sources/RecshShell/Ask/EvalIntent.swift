import Foundation
import RecshIntent

/// `eval intent FILE.jsonl`: the parser of `set intent=` against a labelled set of queries.
enum EvalIntent {
    static func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        _ = try s.requireDataset()
        guard call.positionals.count == 2, let file = call.positionals[1].text else {
            throw ShellError.failed("eval intent needs a labelled file: eval intent Scripts/intent-queries.jsonl")
        }
        guard FileManager.default.fileExists(atPath: file) else { throw ShellError.fileNotFound(file) }
        let labelled: [(line: Int, LabelledQuery)]
        do { labelled = try IntentScore.read(file) } catch let e as IntentError {
            throw ShellError.failed(e.description)
        }
        guard !labelled.isEmpty else { throw ShellError.failed("\(file) holds no labelled query") }
        var score = IntentScore()
        var parser = "offline"
        for (line, q) in labelled {
            try s.cancellation.check()
            let parsed = try s.parseIntent(q.query)
            parser = parsed.parser
            score.add(line: line, query: q.query, expected: q.expect, got: parsed.intent)
        }
        func pct(_ v: Double) -> Cell { .text(String(format: "%.1f%%", v * 100)) }
        var blocks: [OutputBlock] = [
            .record(
                [
                    ("file", .text(file)), ("parser", .text(parser)), ("queries", .int(score.queries)),
                    ("accuracy (every field right)", pct(score.accuracy)),
                    ("genre recall", pct(score.genreRecall)), ("genre precision", pct(score.genrePrecision)),
                    ("year-range accuracy", pct(score.yearAccuracy)), ("year queries", .int(score.yearQueries)),
                    ("mood accuracy", pct(score.moodAccuracy)), ("mood queries", .int(score.moodQueries)),
                ], name: "intent_eval")
        ]
        var t = Table(
            title: score.misses.isEmpty ? "No misses" : "\(score.misses.count) misses",
            columns: [.init("Line", right: true), .init("Query"), .init("Field"), .init("Expected"), .init("Got")])
        for m in score.misses {
            t.rows.append([.id(m.line), .text(m.query), .text(m.field), .text(m.expected), .text(m.got)])
        }
        blocks.append(.table(t, name: "misses"))
        return blocks
    }
}
