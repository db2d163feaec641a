import Foundation

/// The model registry of a file store: `models/NAME/version-N/meta.yaml`, tags, and aliases
/// in `models/NAME/aliases/ALIAS` holding a version number.
extension FileStore {
    func modelFolder(_ name: String) throws -> String {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw TrackingError.unknownModel(name)
        }
        return "models/" + name
    }

    public func registeredModels() throws -> [String] {
        list("models").filter { FileManager.default.fileExists(atPath: root + "/models/" + $0 + "/meta.yaml") }
    }

    public func createModelVersion(name: String, runID: String, artifactPath: String) throws -> ModelVersion {
        let run = try run(id: runID)
        let folder = try modelFolder(name)
        let now = Clock.nowMillis()
        return try locked {
            if !FileManager.default.fileExists(atPath: root + "/" + folder + "/meta.yaml") {
                try write(
                    folder + "/meta.yaml",
                    String(
                        decoding: MLflowYAML.encode([
                            ("creation_timestamp", .int(now)), ("description", .string("")),
                            ("last_updated_timestamp", .int(now)), ("name", .string(name)),
                        ]), as: UTF8.self))
            }
            let next = (try versionNumbers(name).max() ?? 0) + 1
            var v = ModelVersion(
                name: name, version: next, runID: runID, source: run.artifactURI + "/" + artifactPath, stage: .none,
                created: now)
            v.tags = [:]
            let meta = versionMeta(v, updated: now)
            try publish(folder + "/version-\(next)") { staging in
                try FileManager.default.createDirectory(atPath: staging + "/tags", withIntermediateDirectories: true)
                try Self.write(staging + "/meta.yaml", Data(meta.utf8))
            }
            return v
        }
    }

    func versionNumbers(_ name: String) throws -> [Int] {
        list(try modelFolder(name)).compactMap { $0.hasPrefix("version-") ? Int($0.dropFirst(8)) : nil }
    }

    func versionMeta(_ v: ModelVersion, updated: Int64) -> String {
        String(
            decoding: MLflowYAML.encode([
                ("creation_timestamp", .int(v.created)), ("current_stage", .string(v.stage.rawValue)),
                ("description", .string("")), ("last_updated_timestamp", .int(updated)), ("name", .string(v.name)),
                ("run_id", .string(v.runID)), ("run_link", .string("")), ("source", .string(v.source)),
                ("status", .string("READY")), ("status_message", .string("")), ("user_id", .string("")),
                ("version", .int(Int64(v.version))),
            ]), as: UTF8.self)
    }

    public func modelVersion(name: String, version: Int) throws -> ModelVersion {
        let folder = try modelFolder(name)
        guard FileManager.default.fileExists(atPath: root + "/" + folder + "/meta.yaml") else {
            throw TrackingError.unknownModel(name)
        }
        let file = folder + "/version-\(version)/meta.yaml"
        guard FileManager.default.fileExists(atPath: root + "/" + file) else {
            throw TrackingError.unknownVersion(name: name, version: version)
        }
        let m = try readMeta(file)
        guard let stageText = m["current_stage"], let stage = Stage(rawValue: stageText) else {
            throw TrackingError.malformed(
                file: root + "/" + file, line: nil,
                reason: "current_stage must be None, Staging, Production or Archived")
        }
        var v = ModelVersion(
            name: name, version: version, runID: m["run_id"] ?? "", source: m["source"] ?? "", stage: stage,
            created: m["creation_timestamp"].flatMap { Int64($0) } ?? 0)
        v.tags = try values(folder + "/version-\(version)/tags")
        return v
    }

    public func modelVersions(name: String) throws -> [ModelVersion] {
        guard FileManager.default.fileExists(atPath: root + "/" + (try modelFolder(name)) + "/meta.yaml") else {
            throw TrackingError.unknownModel(name)
        }
        return try versionNumbers(name).sorted().map { try modelVersion(name: name, version: $0) }
    }

    public func setStage(name: String, version: Int, stage: Stage) throws {
        var v = try modelVersion(name: name, version: version)
        v.stage = stage
        try write(try modelFolder(name) + "/version-\(version)/meta.yaml", versionMeta(v, updated: Clock.nowMillis()))
    }

    public func setModelVersionTag(name: String, version: Int, key: String, value: String) throws {
        _ = try modelVersion(name: name, version: version)
        try write(try modelFolder(name) + "/version-\(version)/tags/" + MetricKey.sanitize(key), value)
    }

    public func setAlias(name: String, alias: String, version: Int) throws {
        _ = try modelVersion(name: name, version: version)
        try write(try modelFolder(name) + "/aliases/" + MetricKey.sanitize(alias), String(version))
    }

    public func deleteAlias(name: String, alias: String) throws {
        try? FileManager.default.removeItem(
            atPath: root + "/" + (try modelFolder(name)) + "/aliases/" + MetricKey.sanitize(alias))
    }

    public func aliasVersion(name: String, alias: String) throws -> Int? {
        let file = try modelFolder(name) + "/aliases/" + MetricKey.sanitize(alias)
        guard FileManager.default.fileExists(atPath: root + "/" + file) else { return nil }
        let text = try read(file).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let n = Int(text) else {
            throw TrackingError.malformed(file: root + "/" + file, line: 1, reason: "expected a version number")
        }
        return n
    }
}
