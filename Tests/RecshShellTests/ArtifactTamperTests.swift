import Crypto
import Foundation
import RecshModels
import Testing

@testable import RecshShell

/// Artifact folders whose sha256 values match but whose contents are wrong: each is refused at
/// load with the file named, before the unchecked kernels can read out of range.
@Suite("Tampered artifact folders", .serialized)
struct ArtifactTamperTests {
    static let shell = TestShell.ml100k("train knn")

    /// A fresh export, altered by `change`, with the manifest's sha256 updated to match.
    func tampered(_ label: String = #function, _ change: (String, inout [String: Any]) throws -> Void) throws -> String
    {
        let dir = scratchFolder(label) + "/v1"
        #expect(Self.shell.run("export \(dir)").contains("Exported"))
        let manifestURL = URL(fileURLWithPath: dir + "/manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        try change(dir, &manifest)
        var files = manifest["files"] as! [String: String]
        for name in files.keys {
            guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
            files[name] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        }
        manifest["files"] = files
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        return dir
    }

    /// Rewrites one .npy file of the folder with its int32 or float32 values changed.
    func rewrite(
        _ dir: String, _ file: String, ints: (inout [Int32]) -> Void = { _ in },
        floats: (inout [Float]) -> Void = { _ in }
    )
        throws
    {
        let url = URL(fileURLWithPath: dir + "/" + file)
        let loaded = try NumpyArray.read(Data(contentsOf: url), name: file)
        if var values = loaded.ints {
            ints(&values)
            try NumpyArray.data(values, shape: loaded.shape).write(to: url)
        } else if var values = loaded.floats {
            floats(&values)
            try NumpyArray.data(values, shape: loaded.shape).write(to: url)
        }
    }

    @Test func aNeighbourIndexOutOfRange() throws {
        let dir = try tampered { dir, _ in try rewrite(dir, "knn.neighbors.npy", ints: { $0[7] = 2_000_000_000 }) }
        let out = Self.shell.run("load artifacts \(dir)")
        #expect(
            out.contains(
                "\(dir)/knn.neighbors.npy: value 2000000000 at position 7 is not an index below 1682; nothing was loaded"
            ))
    }

    @Test func positivesOffsetsThatJump() throws {
        let dir = try tampered { dir, _ in try rewrite(dir, "knn.positives_indptr.npy", ints: { $0[3] = $0[2] - 1 }) }
        #expect(
            Self.shell.run("load artifacts \(dir)").contains(
                "\(dir)/knn.positives_indptr.npy: it decreases at position 3"))
    }

    @Test func aNaNSimilarity() throws {
        let dir = try tampered { dir, _ in try rewrite(dir, "knn.similarities.npy", floats: { $0[0] = .nan }) }
        #expect(
            Self.shell.run("load artifacts \(dir)").contains(
                "\(dir)/knn.similarities.npy: value nan at position 0 is not a finite number"))
    }

    @Test func duplicateItemIds() throws {
        let dir = try tampered { dir, _ in try rewrite(dir, "knn.item_ids.npy", ints: { $0[1] = $0[0] }) }
        #expect(Self.shell.run("load artifacts \(dir)").contains("\(dir)/knn.item_ids.npy: id 1 appears twice"))
    }

    @Test func aBlendWeightOutsideZeroToOne() throws {
        let dir = try tampered { _, m in m["blend_weight"] = 2.5 }
        #expect(Self.shell.run("load artifacts \(dir)").contains("blend_weight 2.5 is not a weight within 0...1"))
    }

    @Test func aSequenceModelWhoseOrderLacksAPositive() throws {
        let t = TestShell.ml100k("train seq")
        let dir = scratchFolder() + "/v1"
        #expect(t.run("export \(dir) models=seq").contains("Exported seq"))
        let url = URL(fileURLWithPath: dir + "/seq.sequence_indices.npy")
        let order = try NumpyArray.read(Data(contentsOf: url), name: "seq.sequence_indices.npy").ints!
        let shorter = Array(order.dropLast())
        let data = NumpyArray.data(shorter, shape: [shorter.count])
        try data.write(to: url)
        let manifestURL = URL(fileURLWithPath: dir + "/manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        var files = manifest["files"] as! [String: String]
        files["seq.sequence_indices.npy"] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        manifest["files"] = files
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let out = TestShell.ml100k().run("load artifacts \(dir)")
        #expect(out.contains("slist: the sequences do not hold the \(order.count) positives"), "\(out)")
    }

    @Test func anUnknownBlendMethodOrPool() throws {
        let method = try tampered { _, m in m["blend_method"] = "fast" }
        #expect(Self.shell.run("load artifacts \(method)").contains("blend_method \"fast\" is not minmax or rank"))
        let pool = try tampered { _, m in m["blend_pool"] = 0 }
        #expect(Self.shell.run("load artifacts \(pool)").contains("blend_pool 0 is not within 1...1000"))
    }

    @Test func aManifestEntryOutsideTheFolder() throws {
        let dir = try tampered { _, m in
            var files = m["files"] as! [String: String]
            files["../../etc/hostname"] = "00"
            m["files"] = files
        }
        #expect(
            Self.shell.run("load artifacts \(dir)").contains(
                "names the file \"../../etc/hostname\", which is not inside the folder"))
    }

    @Test func aManifestOfTheWrongShapeIsExplained() throws {
        let dir = try tampered { _, m in m["models"] = "knn" }
        let out = Self.shell.run("load artifacts \(dir)")
        #expect(out.contains("manifest.json is not a recsh manifest: models is not a list"), "\(out)")
        #expect(!out.contains("DecodingError"))
    }

    @Test func aTruncatedNpyStillFailsOnItsHash() throws {
        let dir = scratchFolder() + "/v1"
        Self.shell.run("export \(dir)")
        let file = dir + "/knn.neighbors.npy"
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        try data.prefix(100).write(to: URL(fileURLWithPath: file))
        #expect(Self.shell.run("load artifacts \(dir)").contains("knn.neighbors.npy does not match its sha256"))
    }
}
