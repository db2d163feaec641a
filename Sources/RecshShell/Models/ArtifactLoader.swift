import Crypto
import Foundation
import RecshData
import RecshModels

/// Reads an artifact folder written by `export`: checks every file against the manifest's
/// sha256 first, then rebuilds the models. Either every model comes back or none does.
enum ArtifactLoader {
    struct Loaded {
        var manifest: ArtifactManifest
        var models: [TrainedModel]
        var skipped: [String]
        /// Every file of the manifest, as read and checked: whoever needs more of the folder
        /// (a serving snapshot: movies.csv, rated.*) reads these, not the disk again.
        var contents: [String: Data]
    }

    static func load(_ dir: String) throws -> Loaded {
        let fm = FileManager.default
        let manifestPath = (dir as NSString).appendingPathComponent("manifest.json")
        guard let manifestData = fm.contents(atPath: manifestPath) else {
            throw ShellError.failed("\(manifestPath) is missing: \(dir) is not an artifact folder written by export")
        }
        let manifest = try ArtifactManifest.decode(manifestData, path: manifestPath)
        try manifest.validate(path: manifestPath)
        // integrity first: a missing, truncated or altered file refuses the whole folder; files are
        // read and hashed on both cores, so start-up costs about the largest file's hashing
        let files = manifest.files.sorted(by: { $0.key < $1.key })
        var read = [Result<Data, ShellError>?](repeating: nil, count: files.count)
        read.withUnsafeMutableBufferPointer { out in
            let slots = out.baseAddress!
            Parallel.forEach(files.count) { n in
                let (file, expected) = files[n]
                let path = (dir as NSString).appendingPathComponent(file)
                guard let data = fm.contents(atPath: path) else {
                    slots[n] = .failure(.failed("\(path) is missing; nothing was loaded"))
                    return
                }
                let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                slots[n] =
                    actual == expected
                    ? .success(data)
                    : .failure(
                        .failed(
                            "\(path) does not match its sha256 in the manifest (altered or truncated); nothing was loaded"
                        ))
            }
        }
        var contents: [String: Data] = [:]
        for (n, (file, _)) in files.enumerated() { contents[file] = try read[n]!.get() }
        func array(_ model: String, _ suffix: String) throws -> NumpyArray.Loaded {
            let file = "\(model).\(suffix).npy"
            guard let data = contents[file] else {
                throw ShellError.failed(
                    "\((dir as NSString).appendingPathComponent(file)) is not listed in the manifest; nothing was loaded"
                )
            }
            do { return try NumpyArray.read(data, name: file) } catch {
                throw ShellError.failed(
                    "\((dir as NSString).appendingPathComponent(file)): \(error); nothing was loaded")
            }
        }
        var models: [TrainedModel] = []
        let skipped: [String] = []
        var rankers: [ArtifactManifest.ModelInfo] = []
        for info in manifest.models {
            guard let family = ModelFamily(rawValue: info.family) else {
                throw ShellError.failed("\(manifestPath): unknown model family '\(info.family)'")
            }
            if family == .ranker {
                // after the loop: a ranker ranks with models of this folder, which may come later
                rankers.append(info)
                continue
            }
            if family == .tfidf {
                models.append(
                    try restoreContent(info, dataset: manifest.dataset.name, dir: dir, contents: contents, array: array)
                )
                continue
            }
            let itemIds = try array(info.name, "item_ids").ints ?? []
            let userIds = try array(info.name, "user_ids").ints ?? []
            let indptr = try array(info.name, "positives_indptr").ints ?? []
            let indices = try array(info.name, "positives_indices").ints ?? []
            let positives: InteractionMatrix
            do {
                positives = try InteractionMatrix(
                    restoringUserIds: userIds, itemIds: itemIds, rowStart: indptr.map(Int.init), columns: indices)
            } catch let e as ModelError { throw refusal(e, model: info.name, dir: dir) }
            let data = TrainingData(positives: positives)
            func number(_ key: String, _ fallback: Float) -> Float {
                info.parameters[key].flatMap(Float.init) ?? fallback
            }
            func integer(_ key: String, _ fallback: Int) -> Int { info.parameters[key].flatMap(Int.init) ?? fallback }
            let model: any Recommender
            do {
                switch family {
                case .als:
                    model = try ALSModel(
                        restoring: data, factors: integer("factors", 64), reg: number("reg", 0.05),
                        alpha: number("alpha", 10),
                        iterations: integer("iterations", 15),
                        regScaling: info.parameters["reg-scaling"].flatMap(ALSModel.RegScaling.init) ?? .none,
                        engine: info.parameters["engine"] ?? "recsh",
                        userFactors: try array(info.name, "user_factors").floats ?? [],
                        itemFactors: try array(info.name, "item_factors").floats ?? [])
                case .sknn:
                    let d = SessionKNNModel.defaults
                    model = try SessionKNNModel(
                        data: try sequenceData(positives, array(info.name, "sequence_indices").ints, family),
                        k: integer("k", d.k), recent: integer("recent", d.recent))
                case .slist:
                    let d = SLISTModel.defaults
                    model = try SLISTModel(
                        restoring: try sequenceData(positives, array(info.name, "sequence_indices").ints, family),
                        alpha: number("alpha", d.alpha), lambda: number("lambda", d.lambda),
                        decay: number("decay", d.decay), window: integer("window", d.window),
                        weights: try array(info.name, "weights").floats ?? [])
                case .ease:
                    model = try EASEModel(
                        restoring: data, lambda: number("lambda", 100),
                        weights: try array(info.name, "weights").floats ?? [])
                case .knn:
                    let d = ItemKNNModel.defaults
                    model = try ItemKNNModel(
                        restoring: data, k: integer("k", d.k), alpha: number("alpha", d.alpha),
                        shrink: number("shrink", d.shrink), neighbours: try array(info.name, "neighbors").ints ?? [],
                        similarities: try array(info.name, "similarities").floats ?? [])
                case .bpr:
                    let d = BPRModel.defaults
                    model = try BPRModel(
                        restoring: data, factors: integer("factors", d.factors), lr: number("lr", d.lr),
                        reg: number("reg", d.reg), iterations: integer("iterations", d.iterations),
                        negatives: info.parameters["negatives"].flatMap(BPRModel.NegativeSampling.init) ?? .uniform,
                        userFactors: try array(info.name, "user_factors").floats ?? [],
                        itemFactors: try array(info.name, "item_factors").floats ?? [])
                case .rp3beta:
                    let d = RP3BetaModel.defaults
                    model = try RP3BetaModel(
                        restoring: data, k: integer("k", d.k), alpha: number("alpha", d.alpha),
                        beta: number("beta", d.beta), neighbours: try array(info.name, "neighbors").ints ?? [],
                        weights: try array(info.name, "similarities").floats ?? [])
                case .popular:
                    model = try PopularModel(
                        restoring: data, by: PopularModel.Ranking(rawValue: info.parameters["by"] ?? "count") ?? .count,
                        prior: integer("prior", PopularModel.defaultPrior),
                        scores: try array(info.name, "scores").floats ?? [])
                case .svd:
                    model = try SVDModel(
                        restoring: data, factors: integer("factors", 100), epochs: integer("epochs", 20),
                        lr: number("lr", 0.005),
                        reg: number("reg", 0.02), mean: Float(info.scalars["global_mean"] ?? 0),
                        userFactors: try array(info.name, "user_factors").floats ?? [],
                        itemFactors: try array(info.name, "item_factors").floats ?? [],
                        userBias: try array(info.name, "user_bias").floats ?? [],
                        itemBias: try array(info.name, "item_bias").floats ?? [])
                case .svdpp:
                    let d = SVDppModel.defaults
                    model = try SVDppModel(
                        restoring: data, factors: integer("factors", d.factors), epochs: integer("epochs", d.epochs),
                        lr: number("lr", d.lr), reg: number("reg", d.reg),
                        mean: Float(info.scalars["global_mean"] ?? 0),
                        userVectors: try array(info.name, "user_factors").floats ?? [],
                        itemFactors: try array(info.name, "item_factors").floats ?? [],
                        implicitFactors: try array(info.name, "implicit_factors").floats ?? [],
                        userBias: try array(info.name, "user_bias").floats ?? [],
                        itemBias: try array(info.name, "item_bias").floats ?? [])
                case .gru4rec:
                    var st = GRU4RecModel.Settings()
                    st.hidden = integer("hidden", st.hidden)
                    st.epochs = integer("epochs", st.epochs)
                    st.lr = number("lr", st.lr)
                    st.batch = integer("batch", st.batch)
                    st.window = integer("window", st.window)
                    st.dropout = number("dropout", st.dropout)
                    model = try GRU4RecModel(
                        restoring: try sequenceData(positives, array(info.name, "sequence_indices").ints, family),
                        settings: st,
                        weights: GRU4RecModel.Weights(
                            input: try array(info.name, "input_embeddings").floats ?? [],
                            gatesX: try array(info.name, "gates_x").floats ?? [],
                            gatesH: try array(info.name, "gates_h").floats ?? [],
                            bias: try array(info.name, "gate_bias").floats ?? [],
                            output: try array(info.name, "output_embeddings").floats ?? [],
                            outputBias: try array(info.name, "output_bias").floats ?? []))
                case .tfidf, .ranker:
                    continue
                }
            } catch let e as ModelError { throw refusal(e, model: info.name, dir: dir) }
            let trained = TrainedModel(
                name: info.name, family: family, datasetName: manifest.dataset.name, fitSeconds: info.fit_seconds,
                recommender: model, content: nil, itemIds: itemIds, userIds: userIds,
                parameterText: model.parameterText,
                trainCall: Invocation(
                    name: "train",
                    options: info.parameters.sorted { $0.key < $1.key }.map { ($0.key, Value.bare($0.value)) }))
            models.append(trained)
        }
        for info in rankers {
            models.append(
                try restoreRanker(
                    info, dataset: manifest.dataset.name, models: models, dir: dir, contents: contents, array: array))
        }
        return Loaded(manifest: manifest, models: models, skipped: skipped, contents: contents)
    }

    /// A model's restore failure as a refusal naming the file: `dir/MODEL.ARRAY.npy: problem`.
    static func refusal(_ e: ModelError, model: String, dir: String) -> ShellError {
        if case .badArray(let name, let problem) = e {
            let file = (dir as NSString).appendingPathComponent("\(model).\(name).npy")
            return .failed("\(file): \(problem); nothing was loaded")
        }
        return .failed("\(dir): \(model): \(e); nothing was loaded")
    }

    /// The content model from its vectors (`doc_start`, `terms`, `values`, `term_weights`) and `vocabulary.csv`.
    static func restoreContent(
        _ info: ArtifactManifest.ModelInfo, dataset: String, dir: String, contents: [String: Data],
        array: (String, String) throws -> NumpyArray.Loaded
    ) throws -> TrainedModel {
        let vocabularyFile = "\(info.name).vocabulary.csv"
        guard let csv = contents[vocabularyFile] else {
            throw ShellError.failed(
                "\((dir as NSString).appendingPathComponent(vocabularyFile)) is not listed in the manifest; nothing was loaded"
            )
        }
        var reader = CSVReader(data: csv, file: vocabularyFile)
        _ = try reader.next()
        var keys: [String] = []
        var names: [String] = []
        while let f = try reader.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count == 2 else {
                throw ShellError.failed("\(vocabularyFile):\(reader.recordLine): expected term,name")
            }
            keys.append(f[0])
            names.append(f[1])
        }
        var w = FieldWeights()
        func weight(_ key: String) -> Float { info.parameters[key].flatMap(Float.init) ?? 1 }
        w.overview = weight("overview")
        w.genres = weight("genres")
        w.keywords = weight("keywords")
        w.cast = weight("cast")
        w.director = weight("director")
        w.castSize = info.parameters["cast-size"].flatMap(Int.init) ?? 3
        let model: TFIDFModel
        do {
            model = try TFIDFModel(
                restoring: w, start: (try array(info.name, "doc_start").ints ?? []).map(Int.init),
                terms: try array(info.name, "terms").ints ?? [],
                values: try array(info.name, "values").floats ?? [], keys: keys, names: names,
                termWeights: try array(info.name, "term_weights").floats ?? [])
        } catch let e as ModelError { throw refusal(e, model: info.name, dir: dir) }
        let itemIds = try array(info.name, "item_ids").ints ?? []
        do { try ArrayCheck.unique(itemIds, "item_ids") } catch let e as ModelError {
            throw refusal(e, model: info.name, dir: dir)
        }
        guard itemIds.count == model.documents else {
            throw ShellError.failed(
                "\(dir): \(info.name): \(itemIds.count) ids for \(model.documents) documents; nothing was loaded")
        }
        return TrainedModel(
            name: info.name, family: .tfidf, datasetName: dataset, fitSeconds: info.fit_seconds, recommender: nil,
            content: model,
            itemIds: itemIds, userIds: [],
            parameterText: info.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " "))
    }
}

/// Training data with each user's films in time order, from an export's `sequence_indices` (the
/// positives' row offsets index it), checked to hold exactly the positives.
private func sequenceData(_ positives: InteractionMatrix, _ order: [Int32]?, _ family: ModelFamily) throws
    -> TrainingData
{
    let order = order ?? []
    guard order.count == positives.columns.count else {
        throw ModelError.noData(
            "\(family.rawValue): the sequences do not hold the \(positives.columns.count) positives")
    }
    try ArrayCheck.indices(order, below: positives.cols, "sequence_indices")
    return TrainingData(
        positives: positives, sequences: (0..<positives.rows).map { Array(order[positives.row($0)]) })
}
