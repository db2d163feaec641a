import Foundation
import RecshData
import Testing

@testable import RecshShell

/// The model Scripts/get-minilm.sh puts in the project's Data/ folder.
enum InstalledModel {
    static let folder: String? = {
        let folder = TestShell.packageRoot.appendingPathComponent("Data/all-MiniLM-L6-v2").path
        return FileManager.default.fileExists(atPath: folder + "/model.safetensors") ? folder : nil
    }()
}

/// `train embed` and the lists it serves, on ml-100k (titles and genres: no TMDB text).
@Suite(
    "train embed: MiniLM vectors of every film, cached; similar and recommend by meaning", .serialized,
    .enabled(if: InstalledModel.folder != nil, "run Scripts/get-minilm.sh"))
struct EmbedTests {
    /// A shell whose downloads (and so the embedding cache) go to a new folder, with the model on its path.
    func shell(cache: String) -> TestShell {
        let t = TestShell()
        t.session.searchPath = DataSearchPath(
            folders: [TestShell.datasets, TestShell.packageRoot.appendingPathComponent("Data").path],
            downloadFolder: cache)
        return t
    }

    @Test("a second run reads the cache; a film whose text changed is embedded again alone")
    func cache() throws {
        let cache = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let t = shell(cache: cache)
        t.run("load ml-100k")
        #expect(t.run("similar 1 by=embed").contains("no embeddings of ml-100k yet: run train embed"))
        let first = t.run("train embed text=title,genres")
        #expect(
            first.contains("Embedded 1,682 films of ml-100k") && first.contains(" computed, 0 from the cache"),
            "\(first)")
        #expect(t.run("train embed text=title,genres").contains("0 computed, 1,682 from the cache"))
        // the same ratings with one title changed
        let copy = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let src = TestShell.datasets + "/ml-100k"
        for f in ["u.data", "u.genre"] {
            try FileManager.default.copyItem(atPath: src + "/" + f, toPath: copy + "/" + f)
        }
        var item = try Data(contentsOf: URL(fileURLWithPath: src + "/u.item"))
        let at = try #require(item.range(of: Data("1|Toy Story (1995)|".utf8)))
        item.replaceSubrange(at, with: Data("1|Toy Story Redux (1995)|".utf8))
        try item.write(to: URL(fileURLWithPath: copy + "/u.item"))
        t.run("load \(copy) as=changed")
        let changed = t.run("train embed text=title,genres")
        #expect(changed.contains("1 computed, 1,681 from the cache"), "\(changed)")
    }

    @Test("similar and recommend by meaning; ask's leftover text by meaning once embeddings exist")
    func lists() throws {
        let cache = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let t = shell(cache: cache)
        t.run("load ml-100k")
        t.run("train embed text=title,genres")
        let similar = t.run("similar 50 by=embed k=3")
        #expect(
            similar.contains("Similar to Star Wars (1977) by embed") && similar.contains("Return of the Jedi"),
            "\(similar)")
        let rec = t.run("recommend likes=ml:50,ml:181 by=embed k=3")
        #expect(rec.contains("near the profile of") && !rec.contains("Return of the Jedi (1983)  1.000"), "\(rec)")
        #expect(t.run("recommend user=1 by=embed").contains("recommend by=embed needs likes="))
        let ask = t.run("ask \"space battles\" k=3")
        #expect(ask.contains("meaning 0."), "\(ask)")
        #expect(t.run("train embed text=plot").contains("text=plot is not valid"))
    }
}
