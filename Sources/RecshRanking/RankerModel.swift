import Foundation
import RecshModels

/// The multi-stage recommender: each source proposes its top films, a LambdaMART booster
/// scores the union from their scores and ranks and from film and user features, and the
/// candidates are returned in the booster's order. Films no source proposed score below all.
public final class RankerModel: Recommender, Sendable {
    public let family = ModelFamily.ranker
    public let features: CandidateFeatures
    public let booster: Booster
    public let settings: Booster.Settings

    public var sources: [RankerSource] { features.sources }
    public var data: TrainingData { sources[0].model.data }
    public static let unlisted = -Float.greatestFiniteMagnitude

    public init(features: CandidateFeatures, booster: Booster, settings: Booster.Settings) throws {
        guard let first = features.sources.first else { throw ModelError.noData("ranker: no sources") }
        for s in features.sources where s.model.data.items != first.model.data.items {
            throw ModelError.noData("ranker: \(s.name) was trained on other films than \(first.name)")
        }
        guard booster.featureNames == features.names else {
            throw ModelError.noData("ranker: the booster's features are not the sources' features")
        }
        self.features = features
        self.booster = booster
        self.settings = settings
    }

    public var parameters: [(String, String)] {
        [
            ("sources", sources.map(\.name).joined(separator: ",")), ("candidates", String(features.candidates)),
            ("rounds", String(settings.rounds)), ("depth", String(settings.depth)),
            ("eta", ParameterText.number(settings.eta)),
        ]
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) { scores(users: [user], into: out) }

    public func scores(users: [Int], into out: UnsafeMutablePointer<Float>) {
        let n = data.items
        let buffers = sources.map { _ in UnsafeMutablePointer<Float>.allocate(capacity: users.count * n) }
        defer { for b in buffers { b.deallocate() } }
        for (s, source) in sources.enumerated() { source.model.scores(users: users, into: buffers[s]) }
        var scratch = CandidateFeatures.Scratch(items: n, sources: sources.count)
        let X = data.positives
        for (row, u) in users.enumerated() {
            let history = X.row(u).map { Int(X.columns[$0]) }
            let listed = features.rows(
                history: history, idleDays: features.context.userIdleDays[u],
                scores: buffers.map { UnsafePointer($0 + row * n) }, scratch: &scratch)
            write(listed, into: out + row * n)
        }
    }

    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        _ = candidates(liking: items, into: out)
    }

    /// Scores for a new user who likes `items` (idle for no days), and the candidate rows.
    public func candidates(liking items: [Int], into out: UnsafeMutablePointer<Float>) -> CandidateRows {
        let n = data.items
        let buffers = sources.map { _ in UnsafeMutablePointer<Float>.allocate(capacity: n) }
        defer { for b in buffers { b.deallocate() } }
        for (s, source) in sources.enumerated() { source.model.scores(liking: items, into: buffers[s]) }
        var scratch = CandidateFeatures.Scratch(items: n, sources: sources.count)
        let listed = features.rows(
            history: items, idleDays: 0, scores: buffers.map { UnsafePointer($0) }, scratch: &scratch)
        write(listed, into: out)
        return listed
    }

    /// Scores for a known user, and the candidate rows (what `recommend` shows the reasons from).
    public func candidates(user: Int, into out: UnsafeMutablePointer<Float>) -> CandidateRows {
        let n = data.items
        let buffers = sources.map { _ in UnsafeMutablePointer<Float>.allocate(capacity: n) }
        defer { for b in buffers { b.deallocate() } }
        for (s, source) in sources.enumerated() { source.model.scores(user: user, into: buffers[s]) }
        var scratch = CandidateFeatures.Scratch(items: n, sources: sources.count)
        let X = data.positives
        let listed = features.rows(
            history: X.row(user).map { Int(X.columns[$0]) }, idleDays: features.context.userIdleDays[user],
            scores: buffers.map { UnsafePointer($0) }, scratch: &scratch)
        write(listed, into: out)
        return listed
    }

    private func write(_ listed: CandidateRows, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: Self.unlisted, count: data.items)
        var predicted = [Float](repeating: 0, count: listed.items.count)
        listed.rows.withUnsafeBufferPointer { rows in
            predicted.withUnsafeMutableBufferPointer {
                booster.predict(rows.baseAddress!, count: listed.items.count, into: $0.baseAddress!)
            }
        }
        for (c, i) in listed.items.enumerated() { out[Int(i)] = predicted[c] }
    }

    /// Film-to-film relations come from the first item-item source (else the first source):
    /// the booster ranks lists for users, not films for films.
    var relations: any Recommender {
        (sources.first { $0.role == .community } ?? sources[0]).model
    }

    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        relations.similarities(to: item, into: out)
    }

    public func similarity(_ a: Int, _ b: Int) -> Float { relations.similarity(a, b) }
}
