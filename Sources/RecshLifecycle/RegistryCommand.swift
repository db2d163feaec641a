import Foundation
import RecshShell
import RecshTracking

/// `registry [NAME]`: registered models, or one model's versions with stages and aliases.
struct RegistryCommand: ShellCommand {
    let spec = CommandSpec(
        name: "registry", group: .evaluation, summary: "list registered models, or the versions of one",
        usage: "registry [NAME]", arguments: 0...1, examples: ["registry", "registry recsh-ml100k"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let store = try Tracker.of(s).requireStore(s)
        guard let name = call.positionals.first?.text else {
            let names = try Lifecycle.wrap { try store.registeredModels() }
            var t = Table(columns: [.init("Model"), .init("Versions", right: true), .init("Production", right: true)])
            for n in names {
                let versions = try Lifecycle.wrap { try store.modelVersions(name: n) }
                let p = try Lifecycle.wrap { try store.aliasVersion(name: n, alias: "production") }
                t.rows.append([.text(n), .int(versions.count), p.map { .int($0) } ?? .empty])
            }
            return [.table(t, name: "registry")]
        }
        let versions = try Lifecycle.wrap { try store.modelVersions(name: name) }
        var aliases: [Int: [String]] = [:]
        for a in ["production", "staging"] {
            if let v = try Lifecycle.wrap({ try store.aliasVersion(name: name, alias: a) }) {
                aliases[v, default: []].append(a)
            }
        }
        var t = Table(
            title: "\(name) in \(Lifecycle.shown(store))",
            columns: [
                .init("Version", right: true), .init("Stage"), .init("Aliases"), .init("Model"), .init("Family"),
                .init("Run"), .init("Decision"),
            ])
        for v in versions {
            t.rows.append([
                .int(v.version), .text(v.stage.rawValue), .text((aliases[v.version] ?? []).joined(separator: ", ")),
                .text(v.tags["recsh.model"] ?? ""), .text(v.tags["recsh.family"] ?? ""),
                .volatile(String(v.runID.prefix(8))),
                .text(v.tags["recsh.decision"] ?? ""),
            ])
        }
        return [.table(t, name: "versions")]
    }
}
