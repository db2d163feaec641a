import Foundation
import RecshData
import RecshModels

/// The `train` options of each model family, with their defaults, and the builders that read them.
enum ModelOptions {
    static func specs(_ family: ModelFamily) -> [OptionSpec] {
        switch family {
        case .popular:
            return [
                OptionSpec(
                    "by", "count|bayes", default: "count", "rank by number of positives, or by Bayesian average rating",
                    values: ["count", "bayes"]),
                OptionSpec(
                    "prior", "N", default: String(PopularModel.defaultPrior),
                    "pseudo-ratings at the global mean in the Bayesian average"),
            ]
        case .knn:
            return [
                OptionSpec("k", "N", default: "100", "neighbours kept per film"),
                OptionSpec(
                    "alpha", "X", default: "0.5",
                    "asymmetry: weight c / (n_i^alpha n_j^(1-alpha)); 0.5 is the cosine, lower discounts popular films"),
                OptionSpec("shrink", "X", default: "0", "discount of rare pairs: c / (c + shrink)"),
            ]
        case .svd:
            return [
                OptionSpec("factors", "N", default: "100", "latent factors"),
                OptionSpec("epochs", "N", default: "20", "SGD passes"),
                OptionSpec("lr", "X", default: "0.005", "learning rate"),
                OptionSpec("reg", "X", default: "0.02", "regularisation"),
            ]
        case .svdpp:
            let d = SVDppModel.defaults
            return [
                OptionSpec("factors", "N", default: String(d.factors), "latent factors"),
                OptionSpec("epochs", "N", default: String(d.epochs), "SGD passes"),
                OptionSpec("lr", "X", default: String(d.lr), "learning rate"),
                OptionSpec("reg", "X", default: String(d.reg), "regularisation"),
            ]
        case .als:
            return [
                OptionSpec("factors", "N", default: "64", "latent factors"),
                OptionSpec("reg", "X", default: "0.05", "regularisation"),
                OptionSpec(
                    "alpha", "X", default: "10", "confidence of a positive (missing entries have 1), as in implicit 0.7"
                ),
                OptionSpec("iterations", "N", default: "15", "alternating passes"),
                OptionSpec(
                    "reg-scaling", "none|count", default: "none",
                    "none: reg on every row alike (implicit); count: reg times the row's positives (ALS-WR, Spark's regParam)",
                    values: ALSModel.RegScaling.allCases.map(\.rawValue)),
                OptionSpec(
                    "engine", "recsh|spark", default: "recsh",
                    "where the factors are fitted: here, or by Spark MLlib's ALS (docs/spark.md)",
                    values: ["recsh", "spark"]),
                OptionSpec(
                    "master", "URL", default: "local[2]", "engine=spark: local[N] or spark://HOST:PORT"),
                OptionSpec(
                    "blocks", "N", default: "Spark's default", "engine=spark: user and item blocks of MLlib's ALS"),
            ]
        case .bpr:
            return [
                OptionSpec("factors", "N", default: "100", "latent factors (films add a bias column)"),
                OptionSpec("lr", "X", default: "0.01", "learning rate"),
                OptionSpec("reg", "X", default: "0.01", "regularisation"),
                OptionSpec("iterations", "N", default: "100", "SGD passes, each as many triples as positives"),
                OptionSpec(
                    "negatives", "popular|uniform", default: "popular",
                    "a negative drawn as often as it is liked (implicit's sampler), or every film alike",
                    values: BPRModel.NegativeSampling.allCases.map(\.rawValue)),
            ]
        case .ease:
            return [OptionSpec("lambda", "X", default: "100", "ridge regularisation")]
        case .sknn:
            let d = SessionKNNModel.defaults
            return [
                OptionSpec("k", "N", default: String(d.k), "nearest users whose films are scored"),
                OptionSpec(
                    "recent", "N", default: String(d.recent), "the user's latest films compared, weighted 1/N up to 1"),
            ]
        case .slist:
            let d = SLISTModel.defaults
            return [
                OptionSpec(
                    "alpha", "X", default: ParameterText.number(d.alpha),
                    "weight of the film sets (SLIS) against the transitions (SLIT)"),
                OptionSpec("lambda", "X", default: ParameterText.number(d.lambda), "ridge regularisation"),
                OptionSpec(
                    "decay", "X", default: ParameterText.number(d.decay),
                    "a film d places back weighs exp(-(d-1)/decay)"),
                OptionSpec(
                    "window", "N", default: String(d.window), "how many recent films a position or a user looks back"),
            ]
        case .gru4rec:
            let d = GRU4RecModel.Settings()
            return [
                OptionSpec("hidden", "N", default: String(d.hidden), "GRU state and embedding size"),
                OptionSpec(
                    "epochs", "N", default: String(d.epochs), "passes at most (early stopping on each user's last film)"
                ),
                OptionSpec("lr", "X", default: ParameterText.number(d.lr), "Adam's learning rate"),
                OptionSpec("batch", "N", default: String(d.batch), "sequences per step"),
                OptionSpec("window", "N", default: String(d.window), "latest films a sequence is cut to"),
                OptionSpec("dropout", "X", default: ParameterText.number(d.dropout), "dropout on the GRU's output"),
            ]
        case .rp3beta:
            return [
                OptionSpec("k", "N", default: "100", "neighbours kept per film"),
                OptionSpec("alpha", "X", default: "1", "exponent of the walk's transition probabilities"),
                OptionSpec("beta", "X", default: "0.6", "popularity penalty: the arrival film's degree^-beta"),
            ]
        case .ranker:
            return [
                OptionSpec(
                    "sources", "NAME,...", default: "every trained ranking model",
                    "trained models whose top films are the candidates (popular, knn, rp3beta, als, bpr, ease, slist, sknn)"
                ),
                OptionSpec(
                    "candidates", "N", default: String(RankerFit.defaultCandidates), "top films taken from each source"),
                OptionSpec("rounds", "N", default: "100", "boosting rounds of LambdaMART (XGBoost rank:ndcg)"),
                OptionSpec("depth", "N", default: "6", "depth of each tree"),
                OptionSpec("eta", "X", default: "0.1", "learning rate"),
            ]
        case .tfidf:
            return [
                OptionSpec("overview", "W", default: "1", "weight of overview words"),
                OptionSpec("genres", "W", default: "1", "weight of genres"),
                OptionSpec("keywords", "W", default: "1", "weight of keywords"),
                OptionSpec("cast", "W", default: "1", "weight of the top cast"),
                OptionSpec("director", "W", default: "1", "weight of the director"),
                OptionSpec("cast-size", "N", default: "3", "top-billed actors used"),
            ]
        }
    }

    /// Every option name any family takes, for the command spec and completion.
    static var allSpecs: [OptionSpec] {
        var seen = Set<String>()
        return ModelFamily.allCases.flatMap(specs).filter { seen.insert($0.name).inserted }
    }

    static func number(_ call: Invocation, _ key: String, _ value: Float) throws -> Float {
        guard let v = call.option(key) else { return value }
        guard case .number(let d, _) = v, Float(d).isFinite else {
            throw ShellError.badValue(
                name: key, value: v.description, expected: "a number within the range of a 32-bit float")
        }
        return Float(d)
    }

    static func regScaling(_ call: Invocation) throws -> ALSModel.RegScaling {
        guard let text = try call.text("reg-scaling") else { return .none }
        guard let scaling = ALSModel.RegScaling(rawValue: text) else {
            throw ShellError.badValue(name: "reg-scaling", value: text, expected: "none or count")
        }
        return scaling
    }

    static func negatives(_ call: Invocation) throws -> BPRModel.NegativeSampling {
        guard let text = try call.text("negatives") else { return BPRModel.defaults.negatives }
        guard let n = BPRModel.NegativeSampling(rawValue: text) else {
            throw ShellError.badValue(name: "negatives", value: text, expected: "popular or uniform")
        }
        return n
    }

    /// Fits a collaborative model of `family` on `data` with the options of `call`.
    /// `spark` is where `engine=spark` may run; without it such a call is refused.
    static func fit(
        _ family: ModelFamily, call: Invocation, data: TrainingData, control: FitControl, spark: SparkSetup? = nil
    ) throws -> any Recommender {
        let valid = specs(family).map(\.name) + ["as"]
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(
                command: "train \(family.rawValue)", option: key,
                suggestions: Suggestions.closest(to: key, among: valid), valid: valid)
        }
        switch family {
        case .popular:
            let by = try call.text("by") ?? "count"
            guard let ranking = PopularModel.Ranking(rawValue: by) else {
                throw ShellError.badValue(name: "by", value: by, expected: "count or bayes")
            }
            return try PopularModel(
                data: data, by: ranking, prior: call.int("prior", default: PopularModel.defaultPrior, in: 0...1_000_000)
            )
        case .knn:
            let d = ItemKNNModel.defaults
            return try ItemKNNModel(
                data: data, k: call.int("k", default: d.k, in: 1...100_000), alpha: number(call, "alpha", d.alpha),
                shrink: number(call, "shrink", d.shrink), control: control)
        case .svd:
            return try SVDModel(
                data: data, factors: call.int("factors", default: 100, in: 1...1024),
                epochs: call.int("epochs", default: 20, in: 1...10_000),
                lr: number(call, "lr", 0.005), reg: number(call, "reg", 0.02), control: control)
        case .svdpp:
            let d = SVDppModel.defaults
            return try SVDppModel(
                data: data, factors: call.int("factors", default: d.factors, in: 1...1024),
                epochs: call.int("epochs", default: d.epochs, in: 1...10_000),
                lr: number(call, "lr", d.lr), reg: number(call, "reg", d.reg), control: control)
        case .als:
            if let engine = try call.text("engine"), engine != "recsh" {
                guard engine == "spark" else {
                    throw ShellError.badValue(name: "engine", value: engine, expected: "recsh or spark")
                }
                guard let spark else {
                    throw ShellError.failed(
                        "engine=spark fits from train and eval only; here, use an ALS trained by recsh (reg-scaling=count fits the same objective)"
                    )
                }
                return try SparkFit.fit(call, data: data, setup: spark).model
            }
            for key in ["master", "blocks"] where call.option(key) != nil {
                throw ShellError.failed("\(key)= is an option of engine=spark: train als engine=spark \(key)=...")
            }
            return try ALSModel(
                data: data, factors: call.int("factors", default: 64, in: 1...1024), reg: number(call, "reg", 0.05),
                alpha: number(call, "alpha", 10), iterations: call.int("iterations", default: 15, in: 1...1000),
                regScaling: regScaling(call), control: control)
        case .ease:
            return try EASEModel(data: data, lambda: number(call, "lambda", 100), control: control)
        case .sknn:
            let d = SessionKNNModel.defaults
            return try SessionKNNModel(
                data: data, k: call.int("k", default: d.k, in: 1...100_000),
                recent: call.int("recent", default: d.recent, in: 1...10_000))
        case .slist:
            let d = SLISTModel.defaults
            return try SLISTModel(
                data: data, alpha: number(call, "alpha", d.alpha), lambda: number(call, "lambda", d.lambda),
                decay: number(call, "decay", d.decay), window: call.int("window", default: d.window, in: 1...1000),
                control: control)
        case .bpr:
            let d = BPRModel.defaults
            return try BPRModel(
                data: data, factors: call.int("factors", default: d.factors, in: 1...1024),
                lr: number(call, "lr", d.lr),
                reg: number(call, "reg", d.reg),
                iterations: call.int("iterations", default: d.iterations, in: 1...10_000),
                negatives: try negatives(call), control: control)
        case .gru4rec:
            var st = GRU4RecModel.Settings()
            st.hidden = try call.int("hidden", default: st.hidden, in: 1...1024)
            st.epochs = try call.int("epochs", default: st.epochs, in: 1...1000)
            st.lr = try number(call, "lr", st.lr)
            st.batch = try call.int("batch", default: st.batch, in: 1...4096)
            st.window = try call.int("window", default: st.window, in: 1...1000)
            st.dropout = try number(call, "dropout", st.dropout)
            return try GRU4RecModel(data: data, settings: st, control: control)
        case .rp3beta:
            let d = RP3BetaModel.defaults
            return try RP3BetaModel(
                data: data, k: call.int("k", default: d.k, in: 1...100_000), alpha: number(call, "alpha", d.alpha),
                beta: number(call, "beta", d.beta), control: control)
        case .tfidf:
            throw ShellError.failed("tfidf is a content model: it is trained from TMDB metadata, not ratings")
        case .ranker:
            throw ShellError.failed(
                "the ranker is trained over other models: train ranker sources=als,ease,knn,popular")
        }
    }

    /// Builds the content model over the dataset's catalogue with TMDB metadata.
    static func fitContent(call: Invocation, dataset: Dataset, tmdb: TMDBCatalog?) throws -> (TFIDFModel, [Int32]) {
        let valid = specs(.tfidf).map(\.name) + ["as"]
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(
                command: "train tfidf", option: key, suggestions: Suggestions.closest(to: key, among: valid),
                valid: valid)
        }
        guard let tmdb else { throw ShellError.failed("tfidf needs TMDB metadata: load tmdb first") }
        var w = FieldWeights()
        w.overview = try number(call, "overview", 1)
        w.genres = try number(call, "genres", 1)
        w.keywords = try number(call, "keywords", 1)
        w.cast = try number(call, "cast", 1)
        w.director = try number(call, "director", 1)
        w.castSize = try call.int("cast-size", default: 3, in: 0...50)
        let movies = dataset.movies.movies.sorted { $0.movieLensId < $1.movieLensId }
        let docs = movies.map { m -> ContentDocument in
            let t = m.tmdbId.flatMap { tmdb[$0] }
            return ContentDocument(
                overview: t?.overview ?? "", genres: m.genres.isEmpty ? (t?.genres ?? []) : m.genres,
                keywords: t?.keywords ?? [], cast: t?.cast ?? [], directors: t?.directors ?? [])
        }
        return (TFIDFModel(documents: docs, weights: w), movies.map(\.movieLensId))
    }
}
