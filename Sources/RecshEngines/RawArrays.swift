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

/// One side's factors as Spark wrote them: ids and a row of `rank` floats for each id.
public struct FactorTable: Sendable, Equatable {
    public let ids: [Int32]
    public let rank: Int
    public let factors: [Float]

    public init(ids: [Int32], rank: Int, factors: [Float]) {
        self.ids = ids
        self.rank = rank
        self.factors = factors
    }

    /// Reads `folder/ids.i32` and `folder/factors.f32`, refusing files whose sizes disagree.
    public static func read(_ folder: String, rank: Int) throws(EngineError) -> FactorTable {
        let ids = try RawArrays.read(folder + "/ids.i32", as: Int32.self)
        let factors = try RawArrays.read(folder + "/factors.f32", as: Float.self)
        guard factors.count == ids.count * rank else {
            throw .badOutput(
                path: folder + "/factors.f32",
                reason:
                    "it holds \(factors.count) floats, but ids.i32 lists \(ids.count) ids of \(rank) factors (\(ids.count * rank))"
            )
        }
        guard factors.allSatisfy(\.isFinite) else {
            throw .badOutput(path: folder + "/factors.f32", reason: "it holds values that are not finite")
        }
        return FactorTable(ids: ids, rank: rank, factors: factors)
    }

    public func write(to folder: String) throws(EngineError) {
        try RawArrays.write(ids, to: folder + "/ids.i32")
        try RawArrays.write(factors, to: folder + "/factors.f32")
    }

    /// The rows for `order`'s ids, matched by id; an id Spark left out (no positives) gets zeros.
    public func aligned(to order: [Int32]) -> (factors: [Float], missing: Int) {
        var at = [Int32: Int](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() { at[id] = row }
        var out = [Float](repeating: 0, count: order.count * rank)
        var missing = 0
        for (row, id) in order.enumerated() {
            guard let from = at[id] else {
                missing += 1
                continue
            }
            for f in 0..<rank { out[row * rank + f] = factors[from * rank + f] }
        }
        return (out, missing)
    }
}
