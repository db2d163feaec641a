import Foundation

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
