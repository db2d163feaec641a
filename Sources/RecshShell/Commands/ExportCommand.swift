import Crypto
import Foundation
import RecshData
import RecshFiles
import RecshModels
import RecshRanking

/// `export DIR`: a versioned artifact folder for deployment, written beside and renamed into place.
struct ExportCommand: ShellCommand {
    static let formatVersion = 1
    let spec = CommandSpec(
        name: "export", group: .models,
        summary: "write trained models as a deployable artifact folder (.npy arrays, CSV ids, manifest)",
        usage: "export DIR [models=NAME,...]", arguments: 1...1,
        options: [
            OptionSpec("models", "NAME,...", default: "every model of the current dataset", "the models to export")
        ],
        examples: ["export artifacts/v1", "export artifacts/v2 models=ease,tfidf"],
        details: """
            DIR holds manifest.json (format and recsh versions, dataset name and fingerprint, each model's parameters, the last \
            evaluation's metrics, the created time and the sha256 of every file), each model's arrays as float32/int32 .npy \
            files that numpy loads as they are (NAME.item_factors.npy, NAME.weights.npy, NAME.neighbors.npy, ...), its id \
            mappings (NAME.item_ids.npy, NAME.user_ids.npy: MovieLens ids per index), movies.csv, popularity.csv and ask.csv (rating sums, TMDB genres and keywords, for POST /ask); after train embed, the films' MiniLM vectors (embed.vectors.npy, embed.item_ids.npy) \
            and their HNSW index (embed.hnsw, hnswlib's format). The folder \
            is written beside DIR and published with one rename: an interrupted export leaves the previous one intact. \
            DIR must be new, empty, or an earlier export (its manifest.json says format recsh-artifacts): anything else is \
            refused and left as it is.
            """,
        completes: .files)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let dir = call.positionals[0].text, !dir.isEmpty else { throw call.usageError(spec, what: "a folder") }
        var models = s.models.filter { $0.datasetName == d.name }
        if let v = call.option("models") {
            let names: [String] = if case .list(let l) = v { l.compactMap(\.text) } else { [v.text ?? ""] }
            models = try names.map { n in
                guard let m = s.model(named: n), m.datasetName == d.name else {
                    throw ShellError.failed("no model named '\(n)' trained on \(d.name); models lists them")
                }
                return m
            }
        }
        guard !models.isEmpty else {
            throw ShellError.failed("no trained model of \(d.name) to export: train one first (train ease)")
        }

        // the rule for every command that writes: replace only an earlier export, or an empty folder
        do {
            try OutputGuard.checkReplaceableFolder(
                dir, what: "an artifact folder", hint: "export to a new folder name, or move it away first",
                isOurs: ArtifactManifest.marksRecshExport)
        } catch let e as FileError { throw ShellError.failed(e.description) }
        let target = URL(fileURLWithPath: dir).standardizedFileURL.path
        let fm = FileManager.default
        FolderSwap.removeStale(partialsOf: target)
        let staging = FolderSwap.stagingPath(for: target)
        var fileCount = 0
        try? fm.removeItem(atPath: staging)
        do { try fm.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
            throw ShellError.failed("cannot create a folder beside \(dir): \(Self.reason(error))")
        }
        do {
            fileCount = try Self.writeFolder(staging, models: models, dataset: d, session: s)
            // one rename publishes: the earlier export is exchanged with the new one, then removed
            try FolderSwap.publish(staging: staging, at: target)
        } catch {
            try? fm.removeItem(atPath: staging)
            switch error {
            case ShellError.cancelled, FileError.cancelled: throw ShellError.cancelled
            default:
                throw ShellError.failed(
                    "export to \(dir) failed, the previous folder is untouched: \(Self.reason(error))")
            }
        }
        return [
            .text(
                "Exported \(models.map(\.name).joined(separator: ", ")) of \(d.name) to \(dir): \(fileCount) files"
            )
        ]
    }

    /// Writes an artifact folder for `models` into `staging`, which must exist and be empty;
    /// returns how many files it wrote. Tracking logs the same folder as a run's artifacts.
    static func writeFolder(_ staging: String, models: [TrainedModel], dataset d: Dataset, session s: Session) throws
        -> Int
    {
        let cancellation = s.cancellation
        var files: [String: String] = [:]
        func write(_ name: String, _ data: Data) throws {
            try AtomicFile.writeNew(
                data, at: (staging as NSString).appendingPathComponent(name), isCancelled: { cancellation.isRequested })
            files[name] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        var infos: [ArtifactManifest.ModelInfo] = []
        for m in models {
            try s.cancellation.check()
            var arrays: [String: Data] = [:]
            var scalars: [String: Double] = [:]
            var extraFiles: [String] = []
            if let rec = m.recommender as? ExportableModel {
                (arrays, scalars) = rec.exportArrays()
                arrays["user_ids"] = NumpyArray.data(m.userIds, shape: [m.userIds.count])
                // users' positives, for item-based scoring and reasons when served without the dataset
                let X = m.recommender!.data.positives
                arrays["positives_indptr"] = NumpyArray.data(
                    X.rowStart.map { Int32($0) }, shape: [X.rowStart.count])
                arrays["positives_indices"] = NumpyArray.data(X.columns, shape: [X.columns.count])
                if let ranker = rec as? RankerModel {
                    extraFiles += try Self.writeRanker(ranker, name: m.name, write: write)
                }
            } else if let content = m.content {
                arrays = try Self.contentNeighbours(content, items: m.items, cancellation: cancellation)
                // the vectors and vocabulary themselves, so `load artifacts` can restore the model
                let state = content.exportedState
                arrays["doc_start"] = NumpyArray.data(state.start.map { Int32($0) }, shape: [state.start.count])
                arrays["terms"] = NumpyArray.data(state.terms, shape: [state.terms.count])
                arrays["values"] = NumpyArray.data(state.values, shape: [state.values.count])
                arrays["term_weights"] = NumpyArray.data(state.termWeights, shape: [state.termWeights.count])
                var vocabulary = "term,name\n"
                for (k, n) in zip(state.keys, state.names) {
                    vocabulary += Renderer.csvField(k) + "," + Renderer.csvField(n) + "\n"
                }
                let file = "\(m.name).vocabulary.csv"
                try write(file, Data(vocabulary.utf8))
                extraFiles.append(file)
            }
            arrays["item_ids"] = NumpyArray.data(m.itemIds, shape: [m.itemIds.count])
            var names: [String] = extraFiles
            for (suffix, data) in arrays.sorted(by: { $0.key < $1.key }) {
                let file = "\(m.name).\(suffix).npy"
                try write(file, data)
                names.append(file)
            }
            let params = Dictionary(
                m.parameterText.split(separator: " ").compactMap { pair -> (String, String)? in
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
                }, uniquingKeysWith: { $1 })
            infos.append(
                ArtifactManifest.ModelInfo(
                    name: m.name, family: m.family.rawValue, parameters: params, scalars: scalars,
                    metrics: s.lastEvaluation[m.name], fit_seconds: (m.fitSeconds * 1000).rounded() / 1000,
                    files: names))
        }
        try write("movies.csv", Self.moviesCSV(d, tmdb: s.tmdb))
        for (name, data) in Self.ratedArrays(d) { try write(name, data) }
        try write("popularity.csv", Self.popularityCSV(d))
        try write("ask.csv", Self.askCSV(d, tmdb: s.tmdb))
        let embeddings = try s.trainedEmbeddings.map { try Self.writeEmbeddings($0, session: s, write: write) }
        try s.cancellation.check()
        let manifest = ArtifactManifest(
            format: ArtifactManifest.formatName, format_version: Self.formatVersion,
            recsh_version: RecshVersion.current,
            created: ISO8601DateFormatter().string(from: Date()),
            dataset: ArtifactManifest.DatasetInfo(
                name: d.name, ratings: d.ratings.count, fingerprint: d.fingerprint),
            models: infos, blend_weight: Double(s.blend.weight), blend_method: s.blend.method.rawValue,
            blend_pool: s.blend.pool, files: files, embeddings: embeddings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.writeNew(
            encoder.encode(manifest), at: (staging as NSString).appendingPathComponent("manifest.json"))
        return files.count + 1
    }

    /// Top-20 content neighbours per film (indices into the model's item ids) and their similarities.
    static func contentNeighbours(_ content: TFIDFModel, items n: Int, cancellation: Cancellation) throws -> [String:
        Data]
    {
        let k = min(20, max(1, n - 1))
        var ids = [Int32](repeating: -1, count: n * k)
        var sims = [Float](repeating: 0, count: n * k)
        var buffer = [Float](repeating: 0, count: n)
        for i in 0..<n {
            if i % 256 == 0 { try cancellation.check() }
            buffer.withUnsafeMutableBufferPointer { content.similarities(to: i, into: $0.baseAddress!) }
            let top = buffer.withUnsafeBufferPointer { topK($0.baseAddress!, count: n, k: k) }
            for (c, (j, v)) in top.enumerated() where v > 0 {
                ids[i * k + c] = Int32(j)
                sims[i * k + c] = v
            }
        }
        return [
            "neighbors": NumpyArray.data(ids, shape: [n, k]), "similarities": NumpyArray.data(sims, shape: [n, k]),
        ]
    }

    /// An error's own words: FileError and ShellError say what happened; Foundation's say less.
    static func reason(_ error: Error) -> String {
        switch error {
        case let e as FileError: return e.description
        case let e as ShellError: return e.description
        default: return error.localizedDescription
        }
    }
}
