/// Checks on arrays read back from an artifact folder, run once when a model is restored.
///
/// The kernels are built with `-Ounchecked`, so an index out of range is a wild read there; a
/// file whose sha256 matches may still hold such values (a buggy writer, a hand-made folder).
/// Each check throws `ModelError.badArray` naming the array (its file is `MODEL.NAME.npy`).
public enum ArrayCheck {
    /// Every value is an index in 0..<count (or -1 where `allowingMissing`).
    public static func indices(_ a: [Int32], below count: Int, _ name: String, allowingMissing: Bool = false) throws {
        let low: Int32 = allowingMissing ? -1 : 0
        if let bad = a.firstIndex(where: { $0 < low || Int($0) >= count }) {
            throw ModelError.badArray(
                name: name, problem: "value \(a[bad]) at position \(bad) is not an index below \(count)")
        }
    }

    /// CSR offsets: start at 0, never decrease, end at `end`.
    public static func offsets(_ a: [Int], end: Int, _ name: String) throws {
        guard a.first == 0 else { throw ModelError.badArray(name: name, problem: "it does not start at 0") }
        for i in 1..<a.count where a[i] < a[i - 1] {
            throw ModelError.badArray(name: name, problem: "it decreases at position \(i) (\(a[i - 1]) then \(a[i]))")
        }
        guard a.last == end else {
            throw ModelError.badArray(name: name, problem: "it ends at \(a.last ?? 0), not at \(end)")
        }
    }

    /// No NaN or infinity.
    /// True when no value is NaN or infinite; fits test their factors with it too, so one that
    /// diverged fails instead of serving NaN.
    public static func isFinite(_ a: [Float]) -> Bool { !a.contains { !$0.isFinite } }

    public static func finite(_ a: [Float], _ name: String) throws {
        if let bad = a.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.badArray(name: name, problem: "value \(a[bad]) at position \(bad) is not a finite number")
        }
    }

    /// Each id appears once.
    public static func unique(_ a: [Int32], _ name: String) throws {
        var seen = Set<Int32>(minimumCapacity: a.count)
        for (i, v) in a.enumerated() where !seen.insert(v).inserted {
            throw ModelError.badArray(name: name, problem: "id \(v) appears twice (again at position \(i))")
        }
    }
}
