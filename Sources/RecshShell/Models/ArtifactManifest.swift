import Foundation

/// `manifest.json` of an artifact folder: what `export` wrote and `load artifacts` checks.
struct ArtifactManifest: Codable {
    /// Marks the folder as recsh's, so a later export may replace it; absent in folders of
    /// recsh before 2026-12 (recognised by their other fields).
    var format: String?
    var format_version: Int
    var recsh_version: String
    var created: String
    var dataset: DatasetInfo
    var models: [ModelInfo]
    /// The session's hybrid weight at export, which the served Best of Both list uses.
    var blend_weight: Double?
    /// The hybrid's method and pool (`BlendRule`); absent before 2026-12-07, when the rule was S1's min-max.
    var blend_method: String? = nil
    var blend_pool: Int? = nil
    /// File name -> sha256 (hex) of every file but the manifest.
    var files: [String: String]
    /// The films' MiniLM vectors and their HNSW index, when `train embed` ran before the export.
    var embeddings: EmbeddingInfo? = nil

    struct DatasetInfo: Codable {
        var name: String
        var ratings: Int
        var fingerprint: String
    }

    struct EmbeddingInfo: Codable {
        /// "all-MiniLM-L6-v2", and the first 16 hex digits of its weights' sha256: a query must be
        /// embedded by the same model.
        var model: String
        var model_sha256: String
        var dimension: Int
        var fields: [String]
        /// The HNSW graph's parameters: m, ef_construction, ef.
        var hnsw: [String: Int]
        var files: [String]
    }

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

extension ArtifactManifest {
    static let formatName = "recsh-artifacts"

    /// Decodes a manifest, with a message that says which field is wrong instead of Swift's text.
    static func decode(_ data: Data, path: String) throws -> ArtifactManifest {
        do { return try JSONDecoder().decode(ArtifactManifest.self, from: data) } catch let e as DecodingError {
            throw ShellError.failed("\(path) is not a recsh manifest: \(Self.explain(e))")
        } catch {
            throw ShellError.failed("\(path) is not a recsh manifest: \(error.localizedDescription)")
        }
    }

    static func explain(_ e: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty
                ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let key, let c): return "the field \(at(c.codingPath + [key])) is missing"
        case .typeMismatch(let type, let c): return "\(at(c.codingPath)) is not \(Self.name(type))"
        case .valueNotFound(let type, let c): return "\(at(c.codingPath)) is null where \(Self.name(type)) is required"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "it is not valid JSON" : "\(at(c.codingPath)) is not valid"
        @unknown default: return "it does not have the expected fields"
        }
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is [Any].Type: return "a list"
        default: return "an object"
        }
    }

    /// The checks that hold before any file is read: the format, file names that stay inside the
    /// folder, a blend weight within 0...1, every model file listed.
    func validate(path: String) throws {
        if let f = format, f != Self.formatName {
            throw ShellError.failed(
                "\(path) has format \"\(f)\", not \(Self.formatName): it is not a recsh artifact folder")
        }
        guard format_version == ExportCommand.formatVersion else {
            throw ShellError.failed(
                "\(path) has format version \(format_version); this recsh reads version \(ExportCommand.formatVersion)")
        }
        for name in files.keys.sorted() + models.flatMap(\.files) where !Self.isPlainName(name) {
            throw ShellError.failed(
                "\(path) names the file \"\(name)\", which is not inside the folder; nothing was loaded")
        }
        for m in models {
            for f in m.files where files[f] == nil {
                throw ShellError.failed(
                    "\(path): \(m.name)'s file \(f) has no sha256 in the manifest; nothing was loaded")
            }
        }
        for f in embeddings?.files ?? [] where files[f] == nil || !Self.isPlainName(f) {
            throw ShellError.failed(
                "\(path): the embeddings' file \(f) has no sha256 in the manifest; nothing was loaded")
        }
        if let w = blend_weight, !(w >= 0 && w <= 1) {
            throw ShellError.failed("\(path): blend_weight \(w) is not a weight within 0...1; nothing was loaded")
        }
        if let m = blend_method, BlendRule.Method(rawValue: m) == nil {
            throw ShellError.failed(
                "\(path): blend_method \"\(m)\" is not minmax or rank; nothing was loaded")
        }
        if let p = blend_pool, !(1...BlendCommand.maxPool).contains(p) {
            throw ShellError.failed(
                "\(path): blend_pool \(p) is not within 1...\(BlendCommand.maxPool); nothing was loaded")
        }
    }

    /// The hybrid rule the export was made with; an export from before the rule had a method is S1's min-max.
    func blendRule() throws -> BlendRule {
        let w = Float(blend_weight ?? Double(BlendRule.standard.weight))
        guard let m = blend_method else { return blend_weight == nil ? BlendRule.standard : .s1(weight: w) }
        return BlendRule(weight: w, method: BlendRule.Method(rawValue: m) ?? .minmax, pool: blend_pool)
    }

    /// A file name with no folder part: no `/`, not `.` or `..`, not hidden.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.contains("\\") && !name.hasPrefix(".") && !name.contains("\0")
    }

    /// True when `dir/manifest.json` is a manifest recsh wrote: what lets export replace `dir`.
    static func marksRecshExport(_ dir: String) -> Bool {
        guard
            let data = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent("manifest.json")),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return false }
        if let f = object["format"] as? String { return f == formatName }
        // folders exported before the format field: recsh's own fields, all present
        return object["format_version"] is Int && object["recsh_version"] is String && object["files"] is [String: Any]
    }
}
