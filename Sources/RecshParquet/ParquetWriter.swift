import Foundation

/// One column of a flat Parquet table: a name and its values, all of one physical type.
public enum ParquetColumn: Sendable {
    case int32(String, [Int32])
    case float(String, [Float])

    public var name: String {
        switch self {
        case .int32(let n, _), .float(let n, _): return n
        }
    }

    var count: Int {
        switch self {
        case .int32(_, let v): return v.count
        case .float(_, let v): return v.count
        }
    }

    /// Parquet's physical type (format/Type): INT32 = 1, FLOAT = 4.
    var physicalType: Int32 {
        switch self {
        case .int32: return 1
        case .float: return 4
        }
    }

    /// PLAIN encoding of rows `range`: little-endian values back to back, which is the memory
    /// layout of every platform Swift runs recsh on (x86-64 and arm64).
    func plain(_ range: Range<Int>) -> [UInt8] {
        switch self {
        case .int32(_, let v): return v[range].withUnsafeBytes { Array($0) }
        case .float(_, let v): return v[range].withUnsafeBytes { Array($0) }
        }
    }
}

/// Writes a flat table of required INT32 and FLOAT columns as one Parquet file: PLAIN encoding,
/// no compression, row groups of `rowGroupSize` rows with one data page per column. Spark,
/// pandas and DuckDB read it; it is what `recommend all out=DIR` writes without Spark.
public enum ParquetWriter {
    public enum Failure: Error, CustomStringConvertible {
        case unequalColumns([String: Int])
        case noColumns

        public var description: String {
            switch self {
            case .unequalColumns(let counts):
                return "Parquet columns must have as many values each; got "
                    + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            case .noColumns: return "a Parquet table needs at least one column"
            }
        }
    }

    /// The file's bytes. `schemaName` is the root of the schema (Spark names it spark_schema).
    public static func encode(
        _ columns: [ParquetColumn], rowGroupSize: Int = 1 << 20, schemaName: String = "schema",
        createdBy: String = "recsh"
    ) throws -> Data {
        guard let rows = columns.first?.count else { throw Failure.noColumns }
        guard columns.allSatisfy({ $0.count == rows }) else {
            throw Failure.unequalColumns(
                Dictionary(columns.map { ($0.name, $0.count) }, uniquingKeysWith: { a, _ in a }))
        }
        var file: [UInt8] = Array("PAR1".utf8)
        var groups: [(rows: Int, bytes: Int64, chunks: [(offset: Int64, size: Int64, column: ParquetColumn)])] = []
        var start = 0
        repeat {
            let range = start..<min(rows, start + max(1, rowGroupSize))
            var chunks: [(offset: Int64, size: Int64, column: ParquetColumn)] = []
            for column in columns {
                let offset = Int64(file.count)
                let data = column.plain(range)
                var header = ThriftCompact()
                header.beginStruct()
                header.i32(1, 0)  // DATA_PAGE
                header.i32(2, Int32(data.count))
                header.i32(3, Int32(data.count))
                header.structure(5) { h in
                    h.i32(1, Int32(range.count))
                    h.i32(2, 0)  // PLAIN
                    h.i32(3, 3)  // RLE (no levels are written for required columns)
                    h.i32(4, 3)
                }
                header.endStruct()
                file += header.bytes
                file += data
                chunks.append((offset, Int64(file.count) - offset, column))
            }
            groups.append((range.count, chunks.reduce(0) { $0 + $1.size }, chunks))
            start = range.upperBound
        } while start < rows

        var meta = ThriftCompact()
        meta.beginStruct()
        meta.i32(1, 1)
        meta.listHeader(2, count: columns.count + 1, of: .structure)
        meta.beginStruct()
        meta.string(4, schemaName)
        meta.i32(5, Int32(columns.count))
        meta.endStruct()
        for column in columns {
            meta.beginStruct()
            meta.i32(1, column.physicalType)
            meta.i32(3, 0)  // REQUIRED
            meta.string(4, column.name)
            meta.endStruct()
        }
        meta.i64(3, Int64(rows))
        meta.structList(4, groups) { m, group in
            m.structList(1, group.chunks) { c, chunk in
                c.i64(2, chunk.offset)
                c.structure(3) { d in
                    d.i32(1, chunk.column.physicalType)
                    d.i32List(2, [0, 3])  // PLAIN, RLE
                    d.stringList(3, [chunk.column.name])
                    d.i32(4, 0)  // UNCOMPRESSED
                    d.i64(5, Int64(group.rows))
                    d.i64(6, chunk.size)
                    d.i64(7, chunk.size)
                    d.i64(9, chunk.offset)
                }
            }
            m.i64(2, group.bytes)
            m.i64(3, Int64(group.rows))
        }
        meta.string(6, createdBy)
        meta.endStruct()
        file += meta.bytes
        withUnsafeBytes(of: UInt32(meta.bytes.count).littleEndian) { file += $0 }
        file += Array("PAR1".utf8)
        return Data(file)
    }
}
