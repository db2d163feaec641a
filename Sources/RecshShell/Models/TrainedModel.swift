import Foundation
import RecshData
import RecshModels

/// A model trained in this session, with the id mappings that tie its indices to films.
public final class TrainedModel: Sendable {
    public let name: String
    public let family: ModelFamily
    public let datasetName: String
    public let fitSeconds: Double
    /// Collaborative models.
    public let recommender: (any Recommender)?
    /// The content model and the MovieLens id of each of its documents.
    public let content: TFIDFModel?
    /// MovieLens id of each item index.
    public let itemIds: [Int32]
    public let userIds: [Int32]
    private let itemIndex: IdIndex
    private let userIndex: IdIndex
    public let parameterText: String
    /// The `train` command that made it, so `eval` can refit it on a split.
    public let trainCall: Invocation

    init(
        name: String, family: ModelFamily, datasetName: String, fitSeconds: Double, recommender: (any Recommender)?,
        content: TFIDFModel?,
        itemIds: [Int32], userIds: [Int32], parameterText: String, trainCall: Invocation = Invocation(name: "train")
    ) {
        self.trainCall = trainCall
        self.name = name
        self.family = family
        self.datasetName = datasetName
        self.fitSeconds = fitSeconds
        self.recommender = recommender
        self.content = content
        self.itemIds = itemIds
        self.userIds = userIds
        self.itemIndex = IdIndex(itemIds)
        self.userIndex = IdIndex(userIds)
        self.parameterText = parameterText
    }

    /// The same model, made by `call` (what `eval` refits on a split).
    func made(by call: Invocation) -> TrainedModel {
        TrainedModel(
            name: name, family: family, datasetName: datasetName, fitSeconds: fitSeconds, recommender: recommender,
            content: content,
            itemIds: itemIds, userIds: userIds, parameterText: parameterText, trainCall: call)
    }

    public func index(ofMovie id: Int32) -> Int? { itemIndex[id] }
    public func index(ofUser id: Int32) -> Int? { userIndex[id] }
    public var items: Int { itemIds.count }

    /// Similarity of every item to the item of `movie`, or nil when the model does not know it.
    public func similarities(toMovie movie: Int32) -> [Float]? {
        guard let i = index(ofMovie: movie) else { return nil }
        var out = [Float](repeating: 0, count: items)
        out.withUnsafeMutableBufferPointer { buf in
            if let content {
                content.similarities(to: i, into: buf.baseAddress!)
            } else {
                recommender!.similarities(to: i, into: buf.baseAddress!)
            }
        }
        return out
    }
}

extension Dataset {
    /// Training data over every user and rated film: positives (rating >= 4) and all ratings, and
    /// for `family`s that read them, each user's positives in time order.
    func trainingData(for family: ModelFamily) -> TrainingData {
        let r = ratings
        let userIds = Array(Set(r.users)).sorted()
        let itemIds = Array(Set(r.items)).sorted()
        let ui = IdIndex(userIds)
        let ii = IdIndex(itemIds)
        var pu: [Int32] = []
        var pi: [Int32] = []
        var liked: [Int] = []
        for k in 0..<r.count where r.ratings[k] >= 4 {
            pu.append(r.users[k])
            pi.append(r.items[k])
            liked.append(k)
        }
        let positives = InteractionMatrix(users: pu, items: pi, userIds: userIds, itemIds: itemIds)
        let explicit = ExplicitRatings(
            users: r.users.map { Int32(ui[$0]!) }, items: r.items.map { Int32(ii[$0]!) }, ratings: r.ratings,
            scale: ratingScale)
        guard family.readsSequences else { return TrainingData(positives: positives, explicit: explicit) }
        // each user's positives by (time, film id), as protocol N1 orders them
        liked.sort { a, b in
            r.timestamps[a] != r.timestamps[b] ? r.timestamps[a] < r.timestamps[b] : r.items[a] < r.items[b]
        }
        var sequences = [[Int32]](repeating: [], count: userIds.count)
        for k in liked { sequences[ui[r.users[k]]!].append(Int32(ii[r.items[k]]!)) }
        return TrainingData(positives: positives, explicit: explicit, sequences: sequences)
    }
}
