import Foundation
import RecshData
import RecshModels
import Testing

@testable import RecshShell

/// The HNSW index behind searches by meaning, and the vectors an export carries, on ml-100k.
@Suite(
    "train embed index=hnsw; export writes the vectors and their index; a served export searches by meaning",
    .serialized, .enabled(if: InstalledModel.folder != nil, "run Scripts/get-minilm.sh"))
struct EmbedIndexTests {
    func shell(cache: String) -> TestShell {
        let t = TestShell()
        t.session.searchPath = DataSearchPath(
            folders: [TestShell.datasets, TestShell.packageRoot.appendingPathComponent("Data").path],
            downloadFolder: cache)
        t.run("load ml-100k")
        return t
    }

    @Test("the HNSW index answers similar and recommend by meaning as exact search does")
    func hnswMatchesExact() throws {
        let cache = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let t = shell(cache: cache)
        #expect(!t.run("train embed text=title,genres").contains("HNSW"), "auto stays exact below 20,000 films")
        let lines = ["similar 50 by=embed k=5", "similar 1 by=embed k=5", "recommend likes=ml:50,ml:181 by=embed k=5"]
        let exact = lines.map { t.run($0) }
        #expect(try #require(t.session.trainedEmbeddings).hnsw == nil)
        // one thread builds the same graph every run
        t.run("set threads=1")
        let built = t.run("train embed text=title,genres index=hnsw")
        #expect(built.contains("0 computed, 1,682 from the cache") && built.contains("HNSW index in"), "\(built)")
        #expect(try #require(t.session.trainedEmbeddings).hnsw?.count == 1682)
        for (line, before) in zip(lines, exact) { #expect(t.run(line) == before, "\(line)") }
        #expect(t.run("train embed index=fast").contains("index=fast is not valid: expected auto, hnsw or exact"))
        #expect(t.run("train embed speed=2").contains("train embed has no option 'speed'"))
    }

    @Test("export writes embed.vectors.npy, embed.item_ids.npy and embed.hnsw; the export searches by meaning")
    func exportAndServe() throws {
        let cache = scratchFolder()
        let dir = scratchFolder() + "/art"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let t = shell(cache: cache)
        t.run("train embed text=title,genres")
        t.run("train knn")
        #expect(t.run("export \(dir)").contains("Exported knn"))
        for f in ExportCommand.embeddingFiles {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f)")
        }
        let vectors = try NumpyArray.read(Data(contentsOf: URL(fileURLWithPath: dir + "/embed.vectors.npy")), name: "v")
        #expect(vectors.shape == [1682, 384])
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))) as? [String: Any]
        let info = manifest?["embeddings"] as? [String: Any]
        #expect(info?["model"] as? String == "all-MiniLM-L6-v2" && info?["dimension"] as? Int == 384)

        let (live, _) = try t.session.servingSnapshot(version: 1)
        let served = try ServingSnapshot.fromArtifacts(dir)
        let a = try live.searchByMeaning("space battles", k: 5).map(\.movielensId)
        let b = try served.searchByMeaning("space battles", k: 5).map(\.movielensId)
        #expect(a.first == b.first && Set(a).intersection(b).count >= 4, "exact \(a), hnsw \(b)")
        #expect(try served.ask("space battles", user: nil, k: 3).items.allSatisfy { $0.reason.contains("meaning 0.") })
        #expect(throws: ServingError.self) { try served.searchByMeaning(" ", k: 5) }
        // a new session takes the vectors back with the models
        let other = shell(cache: cache)
        #expect(other.run("load artifacts \(dir)").contains("the MiniLM vectors of 1,682 films, with their HNSW index"))
        #expect(other.run("similar 50 by=embed k=3").contains("Return of the Jedi"))
    }
}
