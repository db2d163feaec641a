import Foundation
import RecshMath
import Testing

@testable import RecshEmbed

/// The model Scripts/get-minilm.sh installs: $RECSH_MINILM, else the project's Data/ folder.
enum Model {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = try? MiniLMFiles.locate(dataFolders: [root.appendingPathComponent("Data").path])
    static let model: MiniLM? = folder.flatMap { try? MiniLMFiles.load(folder: $0) }

    struct Reference: Decodable {
        struct Text: Decodable {
            var text: String
            var ids: [Int32]
            var embedding: [Float]
        }
        var texts: [Text]
    }
    static let reference: Reference = {
        let url = root.appendingPathComponent("Tests/RecshEmbedTests/Fixtures/minilm-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

@Suite("MiniLM in Swift against sentence-transformers", .enabled(if: Model.model != nil, "run Scripts/get-minilm.sh"))
struct MiniLMTests {
    @Test("token ids are identical for every reference text: accents, French, CJK, emoji, punctuation, 256-token cuts")
    func tokens() throws {
        let m = try #require(Model.model)
        #expect(Model.reference.texts.count >= 20)
        for t in Model.reference.texts {
            #expect(m.tokenizer.encode(t.text) == t.ids, "\(t.text.prefix(60))")
        }
        #expect(Model.reference.texts.contains { $0.ids.count == 256 })
    }

    @Test("embeddings are within 1e-5 of sentence-transformers, each text at its own length")
    func embeddings() throws {
        let m = try #require(Model.model)
        let scratch = MiniLM.Scratch()
        var out = [Float](repeating: 0, count: MiniLM.hidden)
        var worst: Float = 0
        for t in Model.reference.texts {
            out.withUnsafeMutableBufferPointer { m.embed(t.text, scratch: scratch, into: $0.baseAddress!) }
            let diff = zip(out, t.embedding).map { abs($0 - $1) }.max()!
            worst = max(worst, diff)
            #expect(diff < 1e-5, "\(t.text.prefix(60)): max abs difference \(diff)")
        }
        print("MiniLM parity: max abs difference \(worst) over \(Model.reference.texts.count) texts")
    }

    @Test("a batch stacks texts in one product but keeps attention within each text: the same vectors")
    func batch() throws {
        let m = try #require(Model.model)
        let texts = Model.reference.texts
        let flat = try #require(m.embed(batch: texts.map(\.text), threads: 2))
        for (i, t) in texts.enumerated() {
            let diff = zip(flat[(i * MiniLM.hidden)..<((i + 1) * MiniLM.hidden)], t.embedding).map { abs($0 - $1) }
                .max()!
            #expect(diff < 1e-5, "\(t.text.prefix(60)): \(diff)")
        }
    }

    @Test("the vectorised exp and erf match libm")
    func kernels() {
        var worstExp: Float = 0
        var worstErf: Float = 0
        for i in 0...20000 {
            let x = Float(i) / 1000 - 10
            if x <= 0 { worstExp = max(worstExp, abs(FastMath.expNonPositive(x) - expf(x)) / expf(x)) }
            worstErf = max(worstErf, abs(FastMath.erf(x) - erff(x)))
        }
        #expect(worstExp < 3e-7 && worstErf < 1e-6, "exp \(worstExp), erf \(worstErf)")
        print("kernels: exp relative \(worstExp), erf absolute \(worstErf)")
    }

    @Test("an altered model file is named, with the sha256 expected")
    func altered() throws {
        let dir = NSTemporaryDirectory() + "recsh-minilm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("nope".utf8).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        #expect(throws: EmbedError.self) { try MiniLMFiles.load(folder: dir) }
        do { _ = try MiniLMFiles.load(folder: dir) } catch let e as EmbedError {
            #expect(
                e.description.contains(dir + "/model.safetensors")
                    && e.description.contains(MiniLMFiles.files[0].sha256))
        }
        #expect(throws: EmbedError.malformed(dir + "/model.safetensors", "shorter than its 8-byte header length")) {
            try SafeTensors(path: dir + "/model.safetensors")
        }
    }
}
