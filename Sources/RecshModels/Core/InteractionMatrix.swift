/// A sparse user x item matrix in compressed rows, with the raw ids of its rows and columns
/// sorted ascending (so a smaller column index is a smaller raw movie id, the protocol's tie rule).
public struct InteractionMatrix: Sendable {
    public let userIds: [Int32]
    public let itemIds: [Int32]
    /// Row r spans `columns[rowStart[r]..<rowStart[r+1]]`, columns ascending.
    public let rowStart: [Int]
    public let columns: [Int32]
    public let values: [Float]

    public var rows: Int { userIds.count }
    public var cols: Int { itemIds.count }
    public var nonZeros: Int { columns.count }

    /// Builds the matrix from (user, item, value) triples with raw ids; repeated pairs keep the
    /// last value. `userIds`/`itemIds` default to the sorted distinct ids present.
    public init(
        users: [Int32], items: [Int32], values: [Float]? = nil, userIds: [Int32]? = nil, itemIds: [Int32]? = nil
    ) {
        let uids = userIds ?? Array(Set(users)).sorted()
        let iids = itemIds ?? Array(Set(items)).sorted()
        let uIndex = IdIndex(uids)
        let iIndex = IdIndex(iids)
        var counts = [Int](repeating: 0, count: uids.count + 1)
        var keep = [Bool](repeating: true, count: users.count)
        for k in users.indices {
            guard let u = uIndex[users[k]], iIndex[items[k]] != nil else {
                keep[k] = false
                continue
            }
            counts[u + 1] += 1
        }
        for r in 0..<uids.count { counts[r + 1] += counts[r] }
        var fill = counts
        var cols = [Int32](repeating: 0, count: counts.last!)
        var vals = [Float](repeating: 1, count: counts.last!)
        for k in users.indices where keep[k] {
            let u = uIndex[users[k]]!
            cols[fill[u]] = Int32(iIndex[items[k]]!)
            if let values { vals[fill[u]] = values[k] }
            fill[u] += 1
        }
        // sort each row by column and drop repeats (last one wins)
        var outStart = [Int](repeating: 0, count: uids.count + 1)
        var outCols: [Int32] = []
        var outVals: [Float] = []
        outCols.reserveCapacity(cols.count)
        outVals.reserveCapacity(cols.count)
        for r in 0..<uids.count {
            let lo = counts[r]
            let hi = counts[r + 1]
            var pairs = (lo..<hi).map { (cols[$0], vals[$0], $0) }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.2 < $1.2 }
            var j = 0
            while j < pairs.count {
                var last = j
                while last + 1 < pairs.count && pairs[last + 1].0 == pairs[j].0 { last += 1 }
                outCols.append(pairs[last].0)
                outVals.append(pairs[last].1)
                j = last + 1
            }
            outStart[r + 1] = outCols.count
        }
        self.userIds = uids
        self.itemIds = iids
        self.rowStart = outStart
        self.columns = outCols
        self.values = outVals
    }

    /// A binary matrix from its compressed rows, as `export` writes them.
    /// Throws `ModelError.badArray` when the ids repeat or the offsets and indices are out of range.
    public init(restoringUserIds userIds: [Int32], itemIds: [Int32], rowStart: [Int], columns: [Int32]) throws {
        try ArrayCheck.unique(userIds, "user_ids")
        try ArrayCheck.unique(itemIds, "item_ids")
        guard rowStart.count == userIds.count + 1 else {
            throw ModelError.badArray(
                name: "positives_indptr", problem: "\(rowStart.count) offsets for \(userIds.count) users")
        }
        try ArrayCheck.offsets(rowStart, end: columns.count, "positives_indptr")
        try ArrayCheck.indices(columns, below: itemIds.count, "positives_indices")
        self.init(
            userIds: userIds, itemIds: itemIds, rowStart: rowStart, columns: columns,
            values: [Float](repeating: 1, count: columns.count))
    }

    init(userIds: [Int32], itemIds: [Int32], rowStart: [Int], columns: [Int32], values: [Float]) {
        self.userIds = userIds
        self.itemIds = itemIds
        self.rowStart = rowStart
        self.columns = columns
        self.values = values
    }

    public func row(_ r: Int) -> Range<Int> { rowStart[r]..<rowStart[r + 1] }

    /// Whether row r holds column c: a binary search, the columns of a row being ascending.
    @inline(__always)
    public func contains(row r: Int, column c: Int32) -> Bool {
        var lo = rowStart[r]
        var hi = rowStart[r + 1]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if columns[mid] < c { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[r + 1] && columns[lo] == c
    }

    /// The item x user matrix.
    public func transposed() -> InteractionMatrix {
        var start = [Int](repeating: 0, count: cols + 1)
        for c in columns { start[Int(c) + 1] += 1 }
        for k in 0..<cols { start[k + 1] += start[k] }
        var fill = start
        var outCols = [Int32](repeating: 0, count: nonZeros)
        var outVals = [Float](repeating: 0, count: nonZeros)
        for r in 0..<rows {
            for p in row(r) {
                let c = Int(columns[p])
                outCols[fill[c]] = Int32(r)
                outVals[fill[c]] = values[p]
                fill[c] += 1
            }
        }
        return InteractionMatrix(userIds: itemIds, itemIds: userIds, rowStart: start, columns: outCols, values: outVals)
    }
}

/// Raw id -> dense index, through an array when ids are small (the usual case) else a dictionary.
public struct IdIndex: Sendable {
    private var table: [Int32] = []
    private var map: [Int32: Int] = [:]
    public let count: Int

    public init(_ sortedIds: [Int32]) {
        count = sortedIds.count
        let top = Int(sortedIds.last ?? 0)
        if top < 50_000_000 && sortedIds.allSatisfy({ $0 >= 0 }) {
            table = [Int32](repeating: -1, count: top + 1)
            for (i, id) in sortedIds.enumerated() { table[Int(id)] = Int32(i) }
        } else {
            for (i, id) in sortedIds.enumerated() { map[id] = i }
        }
    }

    public subscript(id: Int32) -> Int? {
        if !table.isEmpty {
            guard id >= 0, Int(id) < table.count else { return nil }
            let v = table[Int(id)]
            return v < 0 ? nil : Int(v)
        }
        return map[id]
    }
}
