import Foundation
import RecshShell
import RecshTracking

/// `promote NAME N [to=staging|production|archived]`: by hand, or by the promotion rule.
struct PromoteCommand: ShellCommand {
    let spec = CommandSpec(
        name: "promote", group: .evaluation,
        summary: "move a registered version by hand (to=), or to Production if it passes the promotion rule",
        usage: "promote NAME VERSION [to=staging|production|archived|none]", arguments: 2...2,
        options: [
            OptionSpec(
                "to", "STAGE", "move by hand, without the rule", values: ["staging", "production", "archived", "none"])
        ],
        examples: ["promote recsh-ml100k 2", "promote recsh-ml100k 1 to=staging"],
        details: """
            With no to=, the rule compares the version's newest evaluation with Production's on the same data fingerprint \
            and protocol: NDCG@10 at least 1% better (relative), and no secondary metric (precision, recall, hit rate at \
            5/10/20, MRR, coverage) more than 5% worse. The reasoning prints, and is kept as the tag recsh.decision and the \
            artifact decision.json of the version's run. The alias production is the source of truth; the stage is mirrored \
            and the version it replaces becomes Archived. A session that is serving reloads the new Production version.
            """)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let store = try Tracker.of(s).requireStore(s)
        guard let name = call.positionals[0].text else { throw call.usageError(spec, what: "a registered model") }
        let n = try Lifecycle.version(call.positionals[1], name: name)
        let v = try Lifecycle.wrap { try store.modelVersion(name: name, version: n) }
        let promotion = Promotion(store: store, name: name)
        let current = try Lifecycle.wrap { try store.aliasVersion(name: name, alias: "production") }
        let production = try current.map { c in try Lifecycle.wrap { try store.modelVersion(name: name, version: c) } }
        if let word = try call.text("to") {
            guard let stage = Stage(word: word) else {
                throw ShellError.badValue(name: "to", value: word, expected: "staging, production, archived or none")
            }
            var out = try promotion.move(v, to: stage, replacing: production)
            if stage == .archived || stage == .none, current == n {
                try Lifecycle.wrap { try store.deleteAlias(name: name, alias: "production") }
                out.append(.text("\(name) has no Production version now", name: "note"))
            }
            if stage == .production { out += Lifecycle.reloadServer(s, store: store, version: v) }
            return out
        }
        if current == n { return [.text("\(name) version \(n) is Production already")] }
        let decision = try promotion.decide(candidate: v, production: production)
        var out: [OutputBlock] = decision.checks.isEmpty ? [] : [Promotion.table(decision, name: name)]
        out += try promotion.apply(decision, candidate: v, production: production)
        if decision.promote { out += Lifecycle.reloadServer(s, store: store, version: v) }
        return out
    }
}
