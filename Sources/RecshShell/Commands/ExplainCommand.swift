import Foundation
import RecshModels
import RecshRanking

/// `explain MODEL`: what a learned ranker relies on, as XGBoost's gain per feature.
struct ExplainCommand: ShellCommand {
    let spec = CommandSpec(
        name: "explain", group: .models, summary: "a ranker's features by importance (XGBoost's gain)",
        usage: "explain RANKER", arguments: 1...1,
        examples: ["train ranker sources=als,ease,knn,seq,popular; explain ranker"],
        details:
            "Gain is the average improvement of the ranking objective over the splits that use a feature; share is its part of the total. A source's features are its score, its rank (candidates+1 when it did not list the film), its score scaled to its own top list, and whether it listed the film.",
        completes: .modelNames)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let name = call.positionals[0].text ?? call.positionals[0].description
        guard let m = s.model(named: name) else {
            throw ShellError.failed(
                "no model named '\(name)'"
                    + (Suggestions.closest(to: name, among: s.models.map(\.name)).first.map { "; did you mean \($0)?" }
                        ?? "; train ranker makes one"))
        }
        guard let ranker = m.recommender as? RankerModel else {
            throw ShellError.failed(
                "\(name) is a \(m.family.rawValue) model; explain reads a ranker's booster: train ranker first")
        }
        let gains: [(String, Double)]
        do { gains = try ranker.booster.gain() } catch let e as Booster.Failure {
            throw ShellError.failed(e.description)
        }
        let total = gains.reduce(0) { $0 + $1.1 }
        var t = Table(
            title: "\(name): feature importance (gain) over \(ranker.settings.rounds) rounds",
            columns: [
                .init("Feature"), .init("Gain", right: true), .init("Share", right: true),
                .init("", key: "bar"),
            ])
        let top = gains.map(\.1).max() ?? 0
        for (feature, gain) in gains.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) {
            let bar = top > 0 ? String(repeating: "█", count: Int((gain / top * 30).rounded())) : ""
            t.rows.append([
                .text(feature), .number(gain, digits: 2),
                .text(String(format: "%.1f%%", total > 0 ? gain / total * 100 : 0)),
                .text(bar),
            ])
        }
        return [.table(t, name: "importance")]
    }
}
