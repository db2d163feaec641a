import Foundation
import Testing

@testable import RecshParquet

@Suite("Parquet: the Thrift compact encoding and the file's frame")
struct ParquetWriterTests {
    @Test("compact protocol: zigzag varints, field-id deltas, long field jumps, list headers")
    func compact() {
        var t = ThriftCompact()
        t.beginStruct()
        t.i32(1, 0)  // delta 1, type i32 (5), zigzag 0
        t.i64(2, 300)  // delta 1, type i64 (6), zigzag 600 = 0xD8 0x04
        t.i32(3, -1)  // zigzag 1
        t.string(20, "ab")  // delta 17 > 15: type byte, then zigzag field id 40
        t.i32List(21, [1, 2])  // list of 2 i32: 0x25
        t.endStruct()
        #expect(
            t.bytes == [
                0x15, 0x00, 0x16, 0xD8, 0x04, 0x15, 0x01, 0x08, 0x28, 0x02, 0x61, 0x62, 0x19, 0x25, 0x02, 0x04, 0x00,
            ])
        var long = ThriftCompact()
        long.i32List(1, [Int32](repeating: 0, count: 20))
        #expect(Array(long.bytes.prefix(3)) == [0x19, 0xF5, 20])
    }

    @Test("the file: PAR1 at both ends, the footer's length before the last magic, the values PLAIN")
    func frame() throws {
        let data = [UInt8](
            try ParquetWriter.encode([.int32("userId", [7, 8, 9]), .float("score", [0.5, 1, 2])], rowGroupSize: 2))
        #expect(Array(data.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(data.suffix(4)) == Array("PAR1".utf8))
        let footer = data[(data.count - 8)..<(data.count - 4)].withUnsafeBytes {
            Int($0.loadUnaligned(as: UInt32.self))
        }
        #expect(footer > 0 && footer < data.count - 12)
        // the first page's values follow its header: 7 and 8 as little-endian int32 (row group of 2)
        let needle: [UInt8] = [7, 0, 0, 0, 8, 0, 0, 0]
        #expect(data.indices.contains { i in i + 8 <= data.count && Array(data[i..<(i + 8)]) == needle })
        // the column names are in the footer
        let tail = Data(data.suffix(footer + 8))
        #expect(tail.range(of: Data("userId".utf8)) != nil && tail.range(of: Data("score".utf8)) != nil)
    }

    @Test("columns of different lengths are refused, naming each count")
    func unequal() {
        #expect(throws: ParquetWriter.Failure.self) {
            try ParquetWriter.encode([.int32("a", [1]), .float("b", [])])
        }
        #expect(
            ParquetWriter.Failure.unequalColumns(["a": 1, "b": 0]).description
                == "Parquet columns must have as many values each; got a: 1, b: 0")
    }
}
