import Foundation
import RecshModels

extension RankerModel: ExportableModel {
    /// The film and user facts the features read; the booster and the feature list are files of
    /// their own (`boosterFile`, `featureFile`), and the sources are models of the same folder.
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        let c = features.context
        return (
            [
                "popularity": NumpyArray.data(c.popularity, shape: [c.popularity.count]),
                "trending": NumpyArray.data(c.trending, shape: [c.trending.count]),
                "idle_days": NumpyArray.data(c.userIdleDays, shape: [c.userIdleDays.count]),
                "genres": NumpyArray.data(c.genres.map { Int32(bitPattern: $0) }, shape: [c.genres.count]),
                "years": NumpyArray.data(c.years, shape: [c.years.count]),
            ], [:]
        )
    }

    /// What `<name>.features.json` holds: the booster's columns and how to rebuild them.
    public struct FeatureList: Codable, Sendable {
        public var features: [String]
        public var sources: [String]
        public var roles: [String]
        public var candidates: Int
        public var rounds: Int
        public var depth: Int
        public var eta: Float
    }

    public var featureList: FeatureList {
        FeatureList(
            features: features.names, sources: sources.map(\.name), roles: sources.map(\.role.rawValue),
            candidates: features.candidates, rounds: settings.rounds, depth: settings.depth, eta: settings.eta)
    }
}
