import Foundation
import RecshModels
import RecshRanking

extension ArtifactLoader {
    /// A ranker from its booster, feature list and facts, ranking with its sources as this folder
    /// restored them.
    static func restoreRanker(
        _ info: ArtifactManifest.ModelInfo, dataset: String, models: [TrainedModel], dir: String,
        contents: [String: Data], array: (String, String) throws -> NumpyArray.Loaded
    ) throws -> TrainedModel {
        func file(_ suffix: String) throws -> Data {
            let name = "\(info.name).\(suffix)"
            guard let data = contents[name] else {
                throw ShellError.failed(
                    "\((dir as NSString).appendingPathComponent(name)) is not listed in the manifest; nothing was loaded"
                )
            }
            return data
        }
        let listPath = (dir as NSString).appendingPathComponent("\(info.name).features.json")
        let list: RankerModel.FeatureList
        do { list = try JSONDecoder().decode(RankerModel.FeatureList.self, from: try file("features.json")) } catch let
            e as ShellError
        { throw e } catch { throw ShellError.failed("\(listPath) is not a ranker's feature list; nothing was loaded") }
        var sources: [RankerSource] = []
        for (name, roleText) in zip(list.sources, list.roles) {
            guard let m = models.first(where: { $0.name == name }), let rec = m.recommender else {
                throw ShellError.failed(
                    "\(dir): \(info.name) ranks with \(name), which the folder does not hold; nothing was loaded")
            }
            guard let role = RankerSource.Role(rawValue: roleText) else {
                throw ShellError.failed("\(listPath): unknown source role '\(roleText)'; nothing was loaded")
            }
            sources.append(RankerSource(name: name, role: role, model: rec))
        }
        guard let first = sources.first, list.sources.count == list.roles.count else {
            throw ShellError.failed("\(listPath) names no sources; nothing was loaded")
        }
        let model: RankerModel
        do {
            let context = try RankerContext(
                restoringPopularity: try array(info.name, "popularity").floats ?? [],
                trending: try array(info.name, "trending").floats ?? [],
                userIdleDays: try array(info.name, "idle_days").floats ?? [],
                genres: (try array(info.name, "genres").ints ?? []).map { UInt32(bitPattern: $0) },
                years: try array(info.name, "years").floats ?? [], items: first.model.data.items,
                users: first.model.data.users)
            let booster = try Booster.load(json: try file("booster.json"), featureNames: list.features)
            var settings = Booster.Settings()
            settings.rounds = list.rounds
            settings.depth = list.depth
            settings.eta = list.eta
            model = try RankerModel(
                features: CandidateFeatures(sources: sources, context: context, candidates: list.candidates),
                booster: booster, settings: settings)
        } catch let e as ModelError { throw refusal(e, model: info.name, dir: dir) } catch let e as Booster.Failure {
            throw ShellError.failed("\(dir): \(info.name): \(e.description); nothing was loaded")
        }
        let source = models.first { $0.name == first.name }!
        return TrainedModel(
            name: info.name, family: .ranker, datasetName: dataset, fitSeconds: info.fit_seconds, recommender: model,
            content: nil, itemIds: source.itemIds, userIds: source.userIds, parameterText: model.parameterText,
            trainCall: Invocation(
                name: "train",
                options: info.parameters.sorted { $0.key < $1.key }.map { ($0.key, Value.bare($0.value)) }))
    }
}
