/// The Thrift compact protocol, as far as a Parquet footer and page header need it: structs of
/// i32, i64, binary and list fields. Field ids must rise within a struct (the deltas are written).
struct ThriftCompact {
    private(set) var bytes: [UInt8] = []
    private var lastField: [Int16] = [0]

    enum FieldType: UInt8 {
        case i32 = 5
        case i64 = 6
        case binary = 8
        case list = 9
        case structure = 12
    }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = id - lastField[lastField.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastField[lastField.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        zigzag(Int64(value))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        zigzag(value)
    }

    mutating func string(_ id: Int16, _ value: String) {
        fieldHeader(id, .binary)
        rawString(value)
    }

    mutating func rawString(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(UInt64(utf8.count))
        bytes += utf8
    }

    /// A struct field; `body` writes its fields.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompact) -> Void) {
        fieldHeader(id, .structure)
        beginStruct()
        body(&self)
        endStruct()
    }

    mutating func beginStruct() { lastField.append(0) }

    mutating func endStruct() {
        bytes.append(0)
        lastField.removeLast()
    }

    mutating func listHeader(_ id: Int16, count: Int, of type: FieldType) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
    }

    /// A list of structs; `element` writes one element's fields.
    mutating func structList<T>(_ id: Int16, _ items: [T], _ element: (inout ThriftCompact, T) -> Void) {
        listHeader(id, count: items.count, of: .structure)
        for item in items {
            beginStruct()
            element(&self, item)
            endStruct()
        }
    }

    mutating func i32List(_ id: Int16, _ items: [Int32]) {
        listHeader(id, count: items.count, of: .i32)
        for v in items { zigzag(Int64(v)) }
    }

    mutating func stringList(_ id: Int16, _ items: [String]) {
        listHeader(id, count: items.count, of: .binary)
        for v in items { rawString(v) }
    }
}
