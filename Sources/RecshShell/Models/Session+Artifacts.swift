import Foundation
import RecshData

extension Session {
    /// Writes the artifact folder `export` writes, for `models` of the current dataset, into a
    /// new folder; returns the number of files. The lifecycle library logs it as a run's model.
    public func writeArtifacts(of models: [TrainedModel], into folder: String) throws -> Int {
        let d = try requireDataset()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try ExportCommand.writeFolder(folder, models: models, dataset: d, session: self)
    }

    /// Serves an artifact folder under a source label (`models:/NAME/3`) and version number.
    public static func snapshot(fromArtifacts dir: String, version: Int, source: String) throws -> ServingSnapshot {
        try ServingSnapshot.fromArtifacts(dir, version: version, source: source)
    }
}
