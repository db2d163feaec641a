/// `manifest.json` of an artifact folder: what `export` wrote and `load artifacts` checks.
struct ArtifactManifest: Codable {
    var format_version: Int
    var recsh_version: String
    var created: String
    var dataset: DatasetInfo
    var models: [ModelInfo]
    /// The session's hybrid weight at export, which the served Best of Both list uses.
    var blend_weight: Double?
    /// File name -> sha256 (hex) of every file but the manifest.
    var files: [String: String]

    struct DatasetInfo: Codable { var name: String; var ratings: Int; var fingerprint: String }

    struct ModelInfo: Codable {
        var name: String
        var family: String
        var parameters: [String: String]
        var scalars: [String: Double]
        var metrics: [String: Double]?
        var fit_seconds: Double
        var files: [String]
    }
}
