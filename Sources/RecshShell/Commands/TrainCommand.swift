import Foundation
import RecshData
import RecshModels

/// `train NAME [options] [as=NAME]`: fits a model on the current dataset.
struct TrainCommand: ShellCommand {
    let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "train", group: .models,
            summary:
                "train a model on the current dataset: popular, knn, rp3beta, svd, svdpp, als, bpr, ease, slist, sknn, gru4rec, tfidf, ranker",
            usage:
                "train popular|knn|rp3beta|svd|svdpp|als|bpr|ease|slist|sknn|gru4rec|tfidf [OPTION=VALUE ...] [as=NAME] | train seq [model=slist|sknn|gru4rec] [OPTION=VALUE ...] | train ranker [sources=NAME,...] [candidates=200] | train embed [text=FIELD,...] [index=auto|hnsw|exact]",
            arguments: 1...1,
            options: [OptionSpec("as", "NAME", default: "the family name", "the model's name in this session")],
            examples: [
                "train svd factors=100", "train als factors=64 reg=0.05 alpha=10 iterations=15",
                "train ease lambda=100", "train tfidf keywords=2", "train seq",
                "train ranker sources=als,ease,knn,seq,popular",
            ],
            details: "options by family (defaults):\n"
                + ModelFamily.allCases.map { f in
                    "  \(f.rawValue):\n"
                        + ModelOptions.specs(f).map {
                            "    \("\($0.name)=\($0.defaultValue ?? "")".padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.summary)"
                        }.joined(separator: "\n")
                }.joined(separator: "\n")
                + "\nRating models learn from positives (rating >= 4; svd, svdpp and popular by=bayes from the ratings); tfidf from TMDB metadata. Ctrl-C stops a fit and keeps the previous model of that name. slist and sknn read each user's positives in time order; train seq trains the best next-item family on N1's validation run (slist; model=sknn for session-kNN, model=gru4rec for a GRU trained by backpropagation through time, refused before training when its memory estimate is more than half the machine's) and names it seq. train ranker takes each source's top films (candidates=), describes each (user, film) by the sources' scores and ranks, the film's popularity, recent popularity, year and genres against the user's, and the user's history, and learns a LambdaMART booster (XGBoost rank:ndcg) on I2's validation run (N1's when the split is n1); it then ranks with the session's sources. explain ranker shows what it learned.\n  embed:\n    text=title,genres,overview,keywords,cast,director  the fields of each film's text\n    index=auto  how searches by meaning run: exact (one BLAS product over every film), hnsw (an approximate HNSW graph) or auto (hnsw from 20,000 films)\ntrain embed runs every film's text through all-MiniLM-L6-v2 (Scripts/get-minilm.sh installs it) and caches the vectors under the download folder, keyed by the model's and each text's sha256; they serve similar by=embed, recommend likes=... by=embed and ask.",
            completes: .modelFamilies)
        spec.checksOptions = false
        return spec
    }()

    /// The next-item families `train seq model=` picks from; the first is the default, the best
    /// on N1's validation run (docs/models.md#n1-next-item-prediction).
    static let sequenceFamilies: [ModelFamily] = [.slist, .sknn, .gru4rec]

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        var call = call
        guard var word = call.positionals[0].text?.lowercased() else {
            throw call.usageError(spec, what: "a model family")
        }
        if word == "embed" { return try EmbedTraining.run(call, context: context) }
        if word == "ranker" { return try TrainRanker.run(call, context: context) }
        if word == "seq" {
            // train seq [model=FAMILY]: the family's own call, named seq unless as= says otherwise
            let chosen = try call.text("model") ?? Self.sequenceFamilies[0].rawValue
            guard let f = ModelFamily(rawValue: chosen), Self.sequenceFamilies.contains(f) else {
                throw ShellError.badValue(
                    name: "model", value: chosen,
                    expected: Self.sequenceFamilies.map(\.rawValue).joined(separator: ", "))
            }
            word = f.rawValue
            call.positionals[0] = .word(word)
            call.options.removeAll { $0.key == "model" }
            if call.option("as") == nil { call.options.append((key: "as", value: .word("seq"))) }
        }
        let s = context.session
        let d = try s.requireDataset()
        guard let family = ModelFamily(rawValue: word) else {
            throw ShellError.badValue(
                name: "train", value: word,
                expected: ModelFamily.allCases.map(\.rawValue).joined(separator: ", ")
                    + (Suggestions.closest(to: word, among: ModelFamily.allCases.map(\.rawValue)).first.map {
                        " (did you mean \($0)?)"
                    } ?? ""))
        }
        let name = try call.text("as") ?? family.rawValue
        if family == .als, let engine = try call.text("engine"), engine != "recsh" {
            guard engine == "spark" else {
                throw ShellError.badValue(name: "engine", value: engine, expected: "recsh or spark")
            }
            return try TrainSpark.run(call, name: name, context: context)
        }
        let started = Date()
        var trained: TrainedModel
        var preparation: Double?
        if family == .tfidf {
            let (model, ids) = try ModelOptions.fitContent(call: call, dataset: d, tmdb: s.tmdb)
            let params = ModelOptions.specs(.tfidf).map { o in
                "\(o.name)=\(call.option(o.name)?.description ?? o.defaultValue ?? "")"
            }.joined(separator: " ")
            trained = TrainedModel(
                name: name, family: family, datasetName: d.name, fitSeconds: Date().timeIntervalSince(started),
                recommender: nil, content: model, itemIds: ids, userIds: [], parameterText: params)
        } else {
            let data = d.trainingData(for: family)
            // the fit time excludes building the matrices, as the peers report it
            let fitStarted = Date()
            let bar = s.progress
            let cancellation = s.cancellation
            let control = FitControl(
                threads: s.settings.threads, seed: s.settings.seed,
                progress: { f, detail in bar?.update("train \(family.rawValue)", fraction: f, detail: detail) },
                isCancelled: { cancellation.isRequested })
            let model: any Recommender
            do { model = try ModelOptions.fit(family, call: call, data: data, control: control) } catch ModelError
                .cancelled
            { throw ShellError.cancelled }
            bar?.finish()
            preparation = fitStarted.timeIntervalSince(started)
            trained = TrainedModel(
                name: name, family: family, datasetName: d.name, fitSeconds: Date().timeIntervalSince(fitStarted),
                recommender: model, content: nil, itemIds: data.positives.itemIds, userIds: data.positives.userIds,
                parameterText: model.parameterText)
        }
        trained = trained.made(by: call)
        s.store(trained)
        let prep = preparation.map { " (data \(Format.duration($0)))" } ?? ""
        return [
            .text(
                "Trained \(name) (\(family.rawValue): \(trained.parameterText)) on \(d.name) in \(Format.duration(trained.fitSeconds))\(prep)"
            )
        ] + (s.observer?.trained(TrainedEvent(model: trained, dataset: d), session: s) ?? [])
    }
}

/// `models`: the models trained in this session.
struct ModelsCommand: ShellCommand {
    let spec = CommandSpec(
        name: "models", group: .models, summary: "list the models trained in this session", usage: "models",
        examples: ["models"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        var t = Table(columns: [
            .init("Name"), .init("Family"), .init("Dataset"), .init("Parameters"),
            .init("Fit", key: "fit_seconds", right: true),
        ])
        for m in context.session.models {
            t.rows.append([
                .text(m.name), .text(m.family.rawValue), .text(m.datasetName), .text(m.parameterText),
                .volatile(String(format: "%.2fs", m.fitSeconds)),
            ])
        }
        return [
            .table(t, name: "models"),
            .text(
                BlendCommand.describe(context.session.blend),
                name: "blend"),
        ]
    }
}

/// `drop NAME`: forgets a trained model.
struct DropCommand: ShellCommand {
    let spec = CommandSpec(
        name: "drop", group: .models, summary: "remove a trained model", usage: "drop NAME", arguments: 1...1,
        examples: ["drop svd"], completes: .modelNames)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        guard let name = call.positionals[0].text, s.model(named: name) != nil else {
            let word = call.positionals[0].text ?? call.positionals[0].description
            throw ShellError.failed(
                "no model named '\(word)'"
                    + (Suggestions.closest(to: word, among: s.models.map(\.name)).first.map { "; did you mean \($0)?" }
                        ?? ""))
        }
        s.models.removeAll { $0.name == name }
        return [.text("Dropped \(name)")]
    }
}
