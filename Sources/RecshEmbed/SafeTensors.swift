import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw data. Only F32 tensors are read out.
public struct SafeTensors: Sendable {
    public struct Entry: Sendable {
        public var dtype: String
        public var shape: [Int]
        public var range: Range<Int>
    }

    public let path: String
    public let entries: [String: Entry]
    let data: Data
    let base: Int

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw EmbedError.missingFile(path) }
        guard data.count >= 8 else { throw EmbedError.malformed(path, "shorter than its 8-byte header length") }
        let n = data.prefix(8).withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard n > 0, 8 + n <= data.count else { throw EmbedError.malformed(path, "header length \(n) past the end") }
        guard let header = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any]
        else { throw EmbedError.malformed(path, "the header is not a JSON object") }
        var entries: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let v = value as? [String: Any], let dtype = v["dtype"] as? String,
                let shape = v["shape"] as? [Int], let offsets = v["data_offsets"] as? [Int], offsets.count == 2,
                offsets[0] <= offsets[1], 8 + n + offsets[1] <= data.count
            else { throw EmbedError.malformed(path, "tensor \(name) has no valid dtype, shape and data_offsets") }
            entries[name] = Entry(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        self.path = path
        self.entries = entries
        self.data = data
        self.base = 8 + n
    }

    /// A F32 tensor's values, checked against the shape the model expects.
    public func floats(_ name: String, shape: [Int]) throws -> [Float] {
        guard let e = entries[name] else { throw EmbedError.malformed(path, "no tensor \(name)") }
        guard e.dtype == "F32", e.shape == shape, e.range.count == shape.reduce(1, *) * 4 else {
            throw EmbedError.malformed(path, "tensor \(name) is \(e.dtype) \(e.shape), expected F32 \(shape)")
        }
        var out = [Float](repeating: 0, count: e.range.count / 4)
        out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                dst.copyMemory(
                    from: UnsafeRawBufferPointer(
                        rebasing: src[(base + e.range.lowerBound)..<(base + e.range.upperBound)]))
            }
        }
        return out
    }
}

/// What went wrong with the embedding model's files.
public enum EmbedError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case malformed(String, String)
    case altered(file: String, expected: String, found: String)
    case notFound(searched: [String])

    public var description: String {
        switch self {
        case .missingFile(let f): "cannot read \(f)"
        case .malformed(let f, let why): "\(f): \(why)"
        case .altered(let f, let expected, let found):
            "\(f) is not the file recsh knows: its sha256 is \(found), expected \(expected); run Scripts/get-minilm.sh again"
        case .notFound(let folders):
            "the all-MiniLM-L6-v2 model is not installed (looked in \(folders.joined(separator: ", "))); run Scripts/get-minilm.sh"
        }
    }
}
