import RecshData
import RecshModels

/// The split built by `split`, kept for `eval`.
public struct ActiveSplit {
    public var kind: EvaluationProtocol
    public var datasetName: String
    public var ranking: RankingSplit?
    public var rating: RatingTask?
}
