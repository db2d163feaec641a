import Foundation

/// The model registry over REST: registered models, versions, stages and aliases.
extension RESTStore {
    static func version(_ v: [String: Any]) -> ModelVersion {
        let number = (v["version"] as? String).flatMap { Int($0) } ?? (v["version"] as? NSNumber)?.intValue ?? 0
        var out = ModelVersion(
            name: v["name"] as? String ?? "", version: number, runID: v["run_id"] as? String ?? "",
            source: v["source"] as? String ?? "", stage: Stage(rawValue: v["current_stage"] as? String ?? "") ?? .none,
            created: (v["creation_timestamp"] as? NSNumber)?.int64Value ?? 0)
        for t in v["tags"] as? [[String: Any]] ?? [] {
            if let k = t["key"] as? String { out.tags[k] = t["value"] as? String ?? "" }
        }
        return out
    }

    public func registeredModels() throws -> [String] {
        let r = try http.json(
            "GET", Self.api + "/registered-models/search" + HTTPClient.query([("max_results", "1000")]))
        return (r["registered_models"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
    }

    public func createModelVersion(name: String, runID: String, artifactPath: String) throws -> ModelVersion {
        let run = try run(id: runID)
        do {
            _ = try http.json("POST", Self.api + "/registered-models/create", ["name": name])
        } catch TrackingError.server(_, let status, _) where status == 400 || status == 409 {
            // it exists already
        }
        let r = try http.json(
            "POST", Self.api + "/model-versions/create",
            ["name": name, "source": run.artifactURI + "/" + artifactPath, "run_id": runID])
        return Self.version(r["model_version"] as? [String: Any] ?? [:])
    }

    public func modelVersion(name: String, version: Int) throws -> ModelVersion {
        do {
            let r = try http.json(
                "GET",
                Self.api + "/model-versions/get" + HTTPClient.query([("name", name), ("version", String(version))]))
            return Self.version(r["model_version"] as? [String: Any] ?? [:])
        } catch TrackingError.server(_, 404, _) {
            _ = try modelVersions(name: name)
            throw TrackingError.unknownVersion(name: name, version: version)
        }
    }

    public func modelVersions(name: String) throws -> [ModelVersion] {
        do {
            _ = try http.json("GET", Self.api + "/registered-models/get" + HTTPClient.query([("name", name)]))
        } catch TrackingError.server(_, 404, _) { throw TrackingError.unknownModel(name) }
        let escaped = name.replacingOccurrences(of: "'", with: "\\'")
        let r = try http.json(
            "GET",
            Self.api + "/model-versions/search"
                + HTTPClient.query([("filter", "name='\(escaped)'"), ("max_results", "1000")]))
        return (r["model_versions"] as? [[String: Any]] ?? []).map(Self.version).sorted { $0.version < $1.version }
    }

    public func setStage(name: String, version: Int, stage: Stage) throws {
        _ = try http.json(
            "POST", Self.api + "/model-versions/transition-stage",
            ["name": name, "version": String(version), "stage": stage.rawValue, "archive_existing_versions": false])
    }

    public func setModelVersionTag(name: String, version: Int, key: String, value: String) throws {
        _ = try http.json(
            "POST", Self.api + "/model-versions/set-tag",
            ["name": name, "version": String(version), "key": key, "value": value])
    }

    public func setAlias(name: String, alias: String, version: Int) throws {
        _ = try http.json(
            "POST", Self.api + "/registered-models/alias", ["name": name, "alias": alias, "version": String(version)])
    }

    public func deleteAlias(name: String, alias: String) throws {
        do {
            _ = try http.json(
                "DELETE", Self.api + "/registered-models/alias" + HTTPClient.query([("name", name), ("alias", alias)]))
        } catch TrackingError.server(_, let status, _) where status == 400 || status == 404 {}
    }

    public func aliasVersion(name: String, alias: String) throws -> Int? {
        do {
            let r = try http.json(
                "GET", Self.api + "/registered-models/alias" + HTTPClient.query([("name", name), ("alias", alias)]))
            return Self.version(r["model_version"] as? [String: Any] ?? [:]).version
        } catch TrackingError.server(_, let status, _) where status == 400 || status == 404 {
            return nil
        }
    }
}
