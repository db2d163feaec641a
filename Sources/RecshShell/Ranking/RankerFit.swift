import Foundation
import RecshData
import RecshModels
import RecshRanking

/// How the shell fits a ranker: its sources' configurations, the run its booster learns on,
/// and the film and user facts its features read.
struct RankerFit {
    /// A source as `train ranker sources=` names it: a trained model's name and how it was made.
    struct Source {
        var name: String
        var family: ModelFamily
        var call: Invocation
        var role: RankerSource.Role
    }

    var sources: [Source]
    var candidates: Int
    var settings: Booster.Settings
    let dataset: Dataset
    /// Where a source trained with engine=spark is refitted.
    let spark: SparkSetup

    static let defaultCandidates = 200

    /// Reads `sources=`, `candidates=`, `rounds=`, `depth=`, `eta=` against the session's models.
    init(_ call: Invocation, session s: Session, dataset d: Dataset) throws {
        spark = s.sparkSetup
        let valid = ModelOptions.specs(.ranker).map(\.name) + ["as"]
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(
                command: "train ranker", option: key, suggestions: Suggestions.closest(to: key, among: valid),
                valid: valid)
        }
        dataset = d
        var names: [String]
        if let v = call.option("sources") {
            let items: [Value] = if case .list(let l) = v { l } else { [v] }
            names = items.map(\.description)
        } else {
            names = s.models.filter { $0.datasetName == d.name && RankerSource.Role($0.family) != nil }.map(\.name)
            guard !names.isEmpty else {
                throw ShellError.failed(
                    "train ranker needs trained sources: train als, ease, knn, seq or popular first, or name them with sources=als,ease"
                )
            }
        }
        guard Set(names).count == names.count else {
            throw ShellError.badValue(
                name: "sources", value: names.joined(separator: ","), expected: "each model named once")
        }
        sources = try names.map { name in
            guard let m = s.model(named: name), m.datasetName == d.name else {
                let how =
                    name == "seq"
                    ? "train seq"
                    : ModelFamily(rawValue: name).map { "train \($0.rawValue)" } ?? "train FAMILY as=\(name)"
                throw ShellError.failed(
                    "train ranker: source '\(name)' is not trained on \(d.name): run \(how) first, then train ranker again"
                )
            }
            guard let role = RankerSource.Role(m.family) else {
                throw ShellError.failed(
                    "train ranker: \(name) is a \(m.family.rawValue) model; the ranker's sources rank positives: popular, knn, rp3beta, als, bpr, ease, slist, sknn"
                )
            }
            return Source(name: name, family: m.family, call: m.trainCall, role: role)
        }
        candidates = try call.int("candidates", default: Self.defaultCandidates, in: 10...2000)
        var st = Booster.Settings()
        st.rounds = try call.int("rounds", default: st.rounds, in: 1...5000)
        st.depth = try call.int("depth", default: st.depth, in: 1...16)
        st.eta = try ModelOptions.number(call, "eta", st.eta)
        guard st.eta > 0, st.eta <= 1 else {
            throw ShellError.badValue(name: "eta", value: String(st.eta), expected: "a learning rate in (0, 1]")
        }
        // XGBoost sums its histograms per thread, so its trees follow the thread count; two
        // threads, whatever the machine, keep a ranker (and a transcript of it) the same everywhere
        st.threads = 2
        st.seed = s.settings.seed
        settings = st
    }

    /// Sources refitted on one run's fit data, with the facts of that run.
    func features(on task: RankingTask, run: RankingRun, control: FitControl) throws -> CandidateFeatures {
        let data = TrainingData(positives: task.fit, sequences: task.sequences)
        let fitted = try sources.map { src -> RankerSource in
            let model = try ModelOptions.fit(src.family, call: src.call, data: data, control: control, spark: spark)
            return RankerSource(name: src.name, role: src.role, model: model)
        }
        let ui = IdIndex(task.fit.userIds)
        let ii = IdIndex(task.fit.itemIds)
        let context = RankerContext(
            data: data, users: run.fitUsers.map { Int32(ui[$0]!) }, items: run.fitItems.map { Int32(ii[$0]!) },
            times: run.fitTimes, genres: Self.genreBits(task.fit.itemIds, dataset),
            years: Self.years(task.fit.itemIds, dataset))
        return CandidateFeatures(sources: fitted, context: context, candidates: candidates)
    }

    /// The booster learned on `run` (the validation run of I2 or N1), with what it learned from.
    func learn(on run: RankingRun, control: FitControl) throws -> (Booster, RankerTraining.Examples) {
        let task = RankingTask(run)
        let features = try features(on: task, run: run, control: control)
        let examples = try RankerTraining.examples(
            features, groundTruth: task.groundTruth, users: task.evaluatedUsers, threads: control.threads,
            isCancelled: control.isCancelled)
        guard !examples.groups.isEmpty else {
            throw ShellError.failed(
                "train ranker: no source proposed any held-out film in its top \(candidates); raise candidates=")
        }
        let booster = try Booster.train(
            rows: examples.rows, labels: examples.labels, groups: examples.groups, featureNames: features.names,
            settings: settings, isCancelled: control.isCancelled)
        return (booster, examples)
    }

    /// A bit per genre of each film, in the catalogue's sorted genre order (at most 32 genres).
    static func genreBits(_ itemIds: [Int32], _ d: Dataset) -> [UInt32] {
        let names = Array(Set(d.movies.movies.flatMap(\.genres))).sorted().prefix(32)
        let bit = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, UInt32(1) << $0) })
        return itemIds.map { id in
            d.movies.movie(movieLensId: id)?.genres.reduce(UInt32(0)) { $0 | (bit[$1] ?? 0) } ?? 0
        }
    }

    static func years(_ itemIds: [Int32], _ d: Dataset) -> [Float] {
        itemIds.map { id in d.movies.movie(movieLensId: id)?.year.map(Float.init) ?? .nan }
    }

    /// The facts of the whole dataset, in the index spaces of a model trained on all of it.
    static func context(for data: TrainingData, dataset d: Dataset) -> RankerContext {
        let r = d.ratings
        let ui = IdIndex(data.positives.userIds)
        let ii = IdIndex(data.positives.itemIds)
        var users: [Int32] = []
        var items: [Int32] = []
        var times: [Int64] = []
        for k in 0..<r.count where r.ratings[k] >= 4 {
            guard let u = ui[r.users[k]], let i = ii[r.items[k]] else { continue }
            users.append(Int32(u))
            items.append(Int32(i))
            times.append(r.timestamps[k])
        }
        return RankerContext(
            data: data, users: users, items: items, times: times, genres: genreBits(data.positives.itemIds, d),
            years: years(data.positives.itemIds, d))
    }
}
