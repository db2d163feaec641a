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
    }

    static func load(_ dir: String) throws -> Loaded {
        let fm = FileManager.default
        let manifestPath = (dir as NSString).appendingPathComponent("manifest.json")
        guard let manifestData = fm.contents(atPath: manifestPath) else {
            throw ShellError.failed("\(manifestPath) is missing: \(dir) is not an artifact folder written by export")
        }
        let manifest: ArtifactManifest
        do { manifest = try JSONDecoder().decode(ArtifactManifest.self, from: manifestData) } catch {
            throw ShellError.failed("\(manifestPath) is not a valid manifest: \(error)")
        }
        guard manifest.format_version == ExportCommand.formatVersion else {
            throw ShellError.failed("\(manifestPath) has format version \(manifest.format_version); this recsh reads version \(ExportCommand.formatVersion)")
        }
        // integrity first: a missing, truncated or altered file refuses the whole folder
        var contents: [String: Data] = [:]
        for (file, expected) in manifest.files.sorted(by: { $0.key < $1.key }) {
            let path = (dir as NSString).appendingPathComponent(file)
            guard let data = fm.contents(atPath: path) else { throw ShellError.failed("\(path) is missing; nothing was loaded") }
            let actual = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard actual == expected else {
                throw ShellError.failed("\(path) does not match its sha256 in the manifest (altered or truncated); nothing was loaded")
            }
            contents[file] = data
        }
        func array(_ model: String, _ suffix: String) throws -> NumpyArray.Loaded {
            let file = "\(model).\(suffix).npy"
            guard let data = contents[file] else { throw ShellError.failed("\((dir as NSString).appendingPathComponent(file)) is not listed in the manifest; nothing was loaded") }
            do { return try NumpyArray.read(data, name: file) } catch { throw ShellError.failed("\((dir as NSString).appendingPathComponent(file)): \(error); nothing was loaded") }
        }
        var models: [TrainedModel] = []
        var skipped: [String] = []
        for info in manifest.models {
            guard let family = ModelFamily(rawValue: info.family) else { throw ShellError.failed("\(manifestPath): unknown model family '\(info.family)'") }
            if family == .tfidf {
                skipped.append("\(info.name): content models are exported as neighbour lists only; train tfidf again (with TMDB loaded)")
                continue
            }
            let itemIds = try array(info.name, "item_ids").ints ?? []
            let userIds = try array(info.name, "user_ids").ints ?? []
            let indptr = try array(info.name, "positives_indptr").ints ?? []
            let indices = try array(info.name, "positives_indices").ints ?? []
            guard indptr.count == userIds.count + 1, Int(indptr.last ?? 0) == indices.count else {
                throw ShellError.failed("\(dir): \(info.name)'s positives do not match its \(userIds.count) users; nothing was loaded")
            }
            let positives = InteractionMatrix(restoringUserIds: userIds, itemIds: itemIds, rowStart: indptr.map(Int.init), columns: indices)
            let data = TrainingData(positives: positives)
            func number(_ key: String, _ fallback: Float) -> Float { info.parameters[key].flatMap(Float.init) ?? fallback }
            func integer(_ key: String, _ fallback: Int) -> Int { info.parameters[key].flatMap(Int.init) ?? fallback }
            let model: any Recommender
            do {
                switch family {
                case .als:
                    model = try ALSModel(restoring: data, factors: integer("factors", 64), reg: number("reg", 0.05), alpha: number("alpha", 10),
                                         iterations: integer("iterations", 15), userFactors: try array(info.name, "user_factors").floats ?? [],
                                         itemFactors: try array(info.name, "item_factors").floats ?? [])
                case .ease:
                    model = try EASEModel(restoring: data, lambda: number("lambda", 100), weights: try array(info.name, "weights").floats ?? [])
                case .knn:
                    model = try ItemKNNModel(restoring: data, k: integer("k", 100), neighbours: try array(info.name, "neighbors").ints ?? [],
                                             similarities: try array(info.name, "similarities").floats ?? [])
                case .popular:
                    model = try PopularModel(restoring: data, by: PopularModel.Ranking(rawValue: info.parameters["by"] ?? "count") ?? .count,
                                             prior: integer("prior", PopularModel.defaultPrior), scores: try array(info.name, "scores").floats ?? [])
                case .svd:
                    model = try SVDModel(restoring: data, factors: integer("factors", 100), epochs: integer("epochs", 20), lr: number("lr", 0.005),
                                         reg: number("reg", 0.02), mean: Float(info.scalars["global_mean"] ?? 0),
                                         userFactors: try array(info.name, "user_factors").floats ?? [], itemFactors: try array(info.name, "item_factors").floats ?? [],
                                         userBias: try array(info.name, "user_bias").floats ?? [], itemBias: try array(info.name, "item_bias").floats ?? [])
                case .tfidf:
                    continue
                }
            } catch let e as ModelError {
                throw ShellError.failed("\(dir): \(info.name): \(e); nothing was loaded")
            }
            let trained = TrainedModel(name: info.name, family: family, datasetName: manifest.dataset.name, fitSeconds: info.fit_seconds,
                                       recommender: model, content: nil, itemIds: itemIds, userIds: userIds, parameterText: model.parameterText)
            trained.trainCall = Invocation(name: "train", options: info.parameters.sorted { $0.key < $1.key }.map { ($0.key, Value.bare($0.value)) })
            models.append(trained)
        }
        return Loaded(manifest: manifest, models: models, skipped: skipped)
    }
}
