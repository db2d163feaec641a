import Foundation
import RecshData

/// Everything that lives for one shell session: datasets, TMDB metadata, settings, the recorder.
public final class Session {
    /// Loaded datasets in load order; the current one answers questions.
    public private(set) var datasets: [Dataset] = []
    public private(set) var currentName: String?
    public var tmdb: TMDBCatalog?
    public var settings = Settings()
    public var searchPath: DataSearchPath
    public var downloader: DatasetDownloader
    public let cancellation: Cancellation
    /// Where progress bars go; nil when stderr is not a terminal (scripts, transcripts, pipes).
    public var progress: ProgressBar?
    /// The transcript being recorded, if any.
    public var recorder: TranscriptRecorder?
    /// Folder that `record NAME` writes into.
    public var sessionsFolder = "Sessions"
    /// Title indexes, built on first use per dataset.
    var titleIndexes: [String: TitleIndex] = [:]
    /// Nesting of `run` inside scripts, to stop runaway recursion.
    var runDepth = 0
    /// Set by `quit`.
    public var wantsToQuit = false
    /// Models trained in this session, in training order.
    public var models: [TrainedModel] = []
    /// How Best of Both combines content and community, set by `blend`.
    public var blend = BlendRule.standard
    /// The evaluation split `split` built, used by `eval`.
    public var split: ActiveSplit?
    /// Each user's likes, watches and skips from `feedback`, which `home` follows.
    public var feedback: [Int32: UserFeedback] = [:]
    /// Metrics of each model's latest `eval`, for `export`.
    public var lastEvaluation: [String: [String: Double]] = [:]
    /// State that commands of other libraries keep with the session (the HTTP server of `serve`).
    public var attachments: [String: AnyObject] = [:]
    /// Every command of the session with its result, for `report`.
    public var notebook: [NotebookEntry] = []
    /// Told of each train and eval (the experiment tracker), when one is installed.
    public var observer: (any RunObserver)?
    /// The file name of the script running now, for the runs it makes; nil at the prompt.
    public var sourceName: String?

    public init(
        searchPath: DataSearchPath = .standard(), cancellation: Cancellation = .shared, progress: ProgressBar? = nil
    ) {
        self.searchPath = searchPath
        self.cancellation = cancellation
        self.progress = progress
        self.downloader = DatasetDownloader(isCancelled: { [cancellation] in cancellation.isRequested })
        self.observer = RunObservers.make()
    }

    public var current: Dataset? { datasets.first { $0.name == currentName } }

    /// The current dataset, or an error telling the user how to load one.
    public func requireDataset() throws -> Dataset {
        guard let d = current else { throw ShellError.noDataset }
        return d
    }

    public func dataset(named name: String) throws -> Dataset {
        guard let d = datasets.first(where: { $0.name == name }) else {
            throw ShellError.unknownDataset(name, loaded: datasets.map(\.name))
        }
        return d
    }

    /// Adds or replaces a dataset and makes it current.
    public func add(_ dataset: Dataset) {
        var d = dataset
        if let tmdb { Self.link(&d, with: tmdb) }
        datasets.removeAll { $0.name == d.name }
        datasets.append(d)
        titleIndexes[d.name] = nil
        // models and splits belong to the data they were built on
        models.removeAll { $0.datasetName == d.name }
        if split?.datasetName == d.name { split = nil }
        currentName = d.name
    }

    /// Films each user rated in the current dataset, built on first use.
    private var ratedIndex: (dataset: String, start: [Int: Range<Int>], items: [Int32])?

    /// The films `user` rated in the current dataset.
    public func ratedItems(user: Int32) -> Set<Int32> {
        guard let d = current else { return [] }
        if ratedIndex?.dataset != d.name {
            let order = (0..<d.ratings.count).sorted {
                d.ratings.users[$0] != d.ratings.users[$1] ? d.ratings.users[$0] < d.ratings.users[$1] : $0 < $1
            }
            var start: [Int: Range<Int>] = [:]
            var lo = 0
            while lo < order.count {
                var hi = lo
                while hi < order.count && d.ratings.users[order[hi]] == d.ratings.users[order[lo]] { hi += 1 }
                start[Int(d.ratings.users[order[lo]])] = lo..<hi
                lo = hi
            }
            ratedIndex = (d.name, start, order.map { d.ratings.items[$0] })
        }
        guard let r = ratedIndex!.start[Int(user)] else { return [] }
        return Set(ratedIndex!.items[r])
    }

    /// The model named `name` (trained on any dataset).
    public func model(named name: String) -> TrainedModel? { models.last { $0.name == name } }

    /// Replaces a model of the same name, or adds it.
    public func store(_ model: TrainedModel) {
        models.removeAll { $0.name == model.name }
        models.append(model)
    }

    public func use(_ name: String) throws {
        _ = try dataset(named: name)
        currentName = name
    }

    /// Attaches TMDB metadata; datasets with global MovieLens ids but no links of their own get
    /// The Movies Dataset's links.
    public func attach(_ catalog: TMDBCatalog) {
        tmdb = catalog
        for i in datasets.indices { Self.link(&datasets[i], with: catalog) }
    }

    static func link(_ d: inout Dataset, with catalog: TMDBCatalog) {
        if d.globalMovieLensIds && !d.movies.hasTMDBLinks && !catalog.links.isEmpty {
            d.movies.applyLinks(catalog.links)
        }
    }

    func titleIndex(for d: Dataset) -> TitleIndex {
        if let t = titleIndexes[d.name] { return t }
        let t = TitleIndex(dataset: d)
        titleIndexes[d.name] = t
        return t
    }
}

/// One command of the session as `report` shows it.
public struct NotebookEntry {
    public var command: String
    public var blocks: [OutputBlock]
    public var error: String?
}
