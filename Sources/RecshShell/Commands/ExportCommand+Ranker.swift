import Foundation
import RecshModels
import RecshRanking

extension ExportCommand {
    /// A ranker's booster as XGBoost's own JSON model file (any XGBoost reads it) and its feature
    /// list; returns the file names written.
    static func writeRanker(_ ranker: RankerModel, name: String, write: (String, Data) throws -> Void) throws
        -> [String]
    {
        let booster: Data
        do { booster = try ranker.booster.json() } catch let e as Booster.Failure {
            throw ShellError.failed(e.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let files = ["\(name).booster.json", "\(name).features.json"]
        try write(files[0], booster)
        try write(files[1], try encoder.encode(ranker.featureList))
        return files
    }
}
