import Crypto
import Foundation
import RecshFiles

/// Vectors already computed, keyed by the model's hash and each text's sha256, in one file per
/// model under the download folder: a second `train embed` reads them back, and a changed text
/// is embedded again alone.
struct EmbeddingCache {
    static let magic = Array("RECSHEMB1\n".utf8)
    let path: String
    let dimension: Int
    var vectors: [Data: [Float]] = [:]

    init(folder: String, modelHash: String, dimension: Int) {
        path = (folder as NSString).appendingPathComponent("embeddings-minilm-\(modelHash).bin")
        self.dimension = dimension
        guard let data = FileManager.default.contents(atPath: path), data.count >= Self.magic.count,
            Array(data.prefix(Self.magic.count)) == Self.magic
        else { return }
        // entries: 32 bytes of sha256, then `dimension` little-endian floats; a torn tail is ignored
        let entry = 32 + 4 * dimension
        var offset = Self.magic.count
        data.withUnsafeBytes { raw in
            while offset + entry <= data.count {
                let key = Data(raw[offset..<(offset + 32)])
                var v = [Float](repeating: 0, count: dimension)
                v.withUnsafeMutableBytes {
                    $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(offset + 32)..<(offset + entry)]))
                }
                vectors[key] = v
                offset += entry
            }
        }
    }

    static func key(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }

    /// Writes every vector kept, atomically; the file is recsh's own, named for the model.
    func save(keeping keys: Set<Data>) throws {
        var out = Data(Self.magic)
        for (k, v) in vectors where keys.contains(k) {
            out.append(k)
            v.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(out, to: path)
    }
}
