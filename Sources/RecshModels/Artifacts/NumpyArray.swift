import Foundation

/// Writes `.npy` files (format 1.0) that `numpy.load` reads as they are: little-endian float32
/// or int32, C order.
public enum NumpyArray {
    public enum Element: String {
        case float32 = "<f4"
        case int32 = "<i4"
    }

    /// The bytes of an .npy file holding `count` elements of `shape`.
    static func header(_ element: Element, shape: [Int]) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(element.rawValue)', 'fortran_order': False, 'shape': \(dims), }"
        // magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0])
        let length = UInt16(dict.utf8.count)
        out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        out.append(contentsOf: Array(dict.utf8))
        return out
    }

    /// A parsed .npy file: its shape and its values as float32 or int32.
    public struct Loaded {
        public var shape: [Int]
        public var floats: [Float]?
        public var ints: [Int32]?
    }

    /// Reads an .npy file written by `data(_:shape:)` (little-endian float32 or int32, C order).
    /// The values are copied in one block: an EASE weight matrix is hundreds of megabytes.
    public static func read(_ data: Data, name: String) throws -> Loaded {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= 10, bytes[0] == 0x93, String(decoding: bytes[1..<6], as: UTF8.self) == "NUMPY" else {
                throw ModelError.noData("\(name) is not an .npy file")
            }
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            guard bytes.count >= 10 + headerLength else {
                throw ModelError.noData("\(name) is truncated in its header")
            }
            let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
            let element: Element
            if header.contains("'<f4'") {
                element = .float32
            } else if header.contains("'<i4'") {
                element = .int32
            } else {
                throw ModelError.noData("\(name) holds neither float32 nor int32")
            }
            guard header.contains("'fortran_order': False"), let open = header.range(of: "'shape': ("),
                let close = header[open.upperBound...].firstIndex(of: ")")
            else {
                throw ModelError.noData("\(name) has no C-order shape")
            }
            let shape = header[open.upperBound..<close].split(separator: ",").compactMap {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            let count = shape.reduce(1, *)
            let body = 10 + headerLength
            guard bytes.count == body + count * 4 else {
                throw ModelError.noData(
                    "\(name) should hold \(count) values (\(body + count * 4) bytes) but has \(bytes.count) bytes")
            }
            var loaded = Loaded(shape: shape)
            let source = UnsafeRawBufferPointer(rebasing: raw[body..<(body + count * 4)])
            // .npy is little-endian, as every platform recsh runs on: the bytes are the values
            switch element {
            case .float32:
                loaded.floats = [Float](unsafeUninitializedCapacity: count) { buf, n in
                    UnsafeMutableRawBufferPointer(buf).copyMemory(from: source)
                    n = count
                }
            case .int32:
                loaded.ints = [Int32](unsafeUninitializedCapacity: count) { buf, n in
                    UnsafeMutableRawBufferPointer(buf).copyMemory(from: source)
                    n = count
                }
            }
            return loaded
        }
    }

    public static func data(_ values: [Float], shape: [Int]) -> Data {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        var out = header(.float32, shape: shape)
        values.withUnsafeBufferPointer {
            out.append(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4))
        }
        return out
    }

    public static func data(_ values: [Int32], shape: [Int]) -> Data {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        var out = header(.int32, shape: shape)
        values.withUnsafeBufferPointer {
            out.append(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 4))
        }
        return out
    }
}
