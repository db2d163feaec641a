import Foundation
import RecshShell
import RecshTracking

/// Applies the promotion rule to a version against Production, prints the reasoning, records
/// it on the candidate's run (a tag and decision.json) and moves the aliases and stages.
struct Promotion {
    let store: any TrackingStore
    let name: String
    var rule = PromotionRule()

    /// The evaluations of a version: eval runs whose train run is the version's run, newest first.
    func evaluations(of v: ModelVersion, among runs: [RunRecord]) -> [PromotionRule.Evaluation] {
        runs.filter {
            $0.tags["recsh.kind"] == "eval" && $0.tags["recsh.train_run"] == v.runID && $0.status == .finished
        }
        .map {
            PromotionRule.Evaluation(
                version: v.version, runID: $0.id, fingerprint: $0.params["dataset_fingerprint"] ?? "",
                protocolName: "\($0.params["protocol"] ?? "?") \($0.params["eval_run"] ?? "test")",
                metrics: $0.metrics)
        }
    }

    /// Decides with the newest pair of evaluations on the same data and protocol.
    func decide(candidate c: ModelVersion, production p: ModelVersion?) throws -> PromotionRule.Decision {
        let runs = try Lifecycle.allRuns(store)
        let ce = evaluations(of: c, among: runs)
        guard let newest = ce.first else {
            throw ShellError.failed(
                "\(name) version \(c.version) has no evaluation: eval \(c.tags["recsh.model"] ?? "MODEL") on a split while tracking, then promote"
            )
        }
        guard let p else { return try Lifecycle.wrap { try rule.decide(candidate: newest, production: nil) } }
        let pe = evaluations(of: p, among: runs)
        guard let pNewest = pe.first else {
            throw ShellError.failed(
                "Production version \(p.version) has no evaluation to compare with: eval its model on the same split")
        }
        for e in ce {
            if let match = pe.first(where: { $0.fingerprint == e.fingerprint && $0.protocolName == e.protocolName }) {
                return try Lifecycle.wrap { try rule.decide(candidate: e, production: match) }
            }
        }
        return try Lifecycle.wrap { try rule.decide(candidate: newest, production: pNewest) }
    }

    /// The reasoning as a table.
    static func table(_ d: PromotionRule.Decision, name: String) -> OutputBlock {
        var t = Table(
            title:
                "Promotion rule for \(name) version \(d.candidateVersion) against Production version \(d.productionVersion.map(String.init) ?? "none") (\(d.protocolName), data \(d.fingerprint.prefix(12)))",
            columns: [
                .init("Metric"), .init("Candidate", right: true), .init("Production", right: true),
                .init("Change", right: true), .init("Rule"), .init("Result"),
            ])
        for c in d.checks {
            t.rows.append([
                .text(c.metric), .number(c.candidate, digits: 4), .number(c.production, digits: 4),
                .text(c.change.isFinite ? String(format: "%+.2f%%", c.change * 100) : "new"), .text(c.requirement),
                .text(c.passed ? "pass" : "FAIL"),
            ])
        }
        return .table(t, name: "decision")
    }

    /// Records the decision and, when it passes, makes the candidate Production.
    func apply(_ d: PromotionRule.Decision, candidate c: ModelVersion, production p: ModelVersion?) throws
        -> [OutputBlock]
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try encoder.encode(d)
        let summary = (d.promote ? "promoted: " : "kept Production: ") + d.reason
        try Lifecycle.wrap {
            try store.logArtifact(runID: c.runID, path: "decision.json", data: json)
            try store.setRunTag(runID: c.runID, key: "recsh.decision", value: summary)
            try store.setModelVersionTag(name: name, version: c.version, key: "recsh.decision", value: summary)
        }
        guard d.promote else {
            return [
                .text(
                    "Kept Production version \(p.map { String($0.version) } ?? "none"): \(d.reason); version \(c.version) stays \(c.stage.rawValue)"
                )
            ]
        }
        return try move(c, to: .production, replacing: p)
    }

    /// Moves a version to a stage: the alias is the source of truth, the stage is mirrored, and
    /// the version Production replaces becomes Archived.
    func move(_ v: ModelVersion, to stage: Stage, replacing old: ModelVersion?) throws -> [OutputBlock] {
        var notes: [String] = []
        try Lifecycle.wrap {
            if let alias = stage.alias {
                try store.setAlias(name: name, alias: alias, version: v.version)
            }
            for other in Stage.allCases.compactMap(\.alias) where other != stage.alias {
                if try store.aliasVersion(name: name, alias: other) == v.version {
                    try store.deleteAlias(name: name, alias: other)
                }
            }
            try store.setStage(name: name, version: v.version, stage: stage)
            if stage == .production, let old, old.version != v.version {
                try store.setStage(name: name, version: old.version, stage: .archived)
                notes.append("version \(old.version) archived")
            }
        }
        let alias = stage.alias.map { ", alias \($0)" } ?? ""
        return [
            .text(
                "Moved \(name) version \(v.version) to \(stage.rawValue)\(alias)"
                    + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
        ]
    }
}
