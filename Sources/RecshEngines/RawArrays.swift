import Foundation
import RecshModels

/// Raw little-endian arrays, the files recsh and its Spark job exchange (`*.i32`, `*.f32`):
/// no header, so numpy's `fromfile` and Swift read them with one call.
enum RawArrays {
    static func write<T: BitwiseCopyable>(_ values: [T], to path: String) throws(EngineError) {
        do {
            try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path), options: .atomic) }
        } catch { throw .io("could not write \(path): \(error.localizedDescription)") }
    }

    static func read<T: BitwiseCopyable>(_ path: String, as: T.Type) throws(EngineError) -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .badOutput(path: path, reason: "the file is missing")
        }
        let size = MemoryLayout<T>.size
        guard data.count % size == 0 else {
            throw .badOutput(path: path, reason: "\(data.count) bytes is not a whole number of \(size)-byte values")
        }
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }

    /// The positives as (user id, item id, value) triples in three files of `folder`.
    static func writePositives(_ m: InteractionMatrix, to folder: String) throws(EngineError) {
        var users = [Int32]()
        var items = [Int32]()
        users.reserveCapacity(m.nonZeros)
        items.reserveCapacity(m.nonZeros)
        for r in 0..<m.rows {
            for q in m.row(r) {
                users.append(m.userIds[r])
                items.append(m.itemIds[Int(m.columns[q])])
            }
        }
        try write(users, to: folder + "/users.i32")
        try write(items, to: folder + "/items.i32")
        try write(
            m.values.count == m.nonZeros ? m.values : [Float](repeating: 1, count: m.nonZeros),
            to: folder + "/values.f32")
    }
}
