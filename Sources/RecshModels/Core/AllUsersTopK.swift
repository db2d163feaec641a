/// Every user's top-k films by one model, without the films each has seen: the rows of a batch
/// scoring job, in user order, ranks from 1.
public struct AllUsersTopK: Sendable {
    public var userIds: [Int32] = []
    public var ranks: [Int32] = []
    public var movieIds: [Int32] = []
    public var scores: [Float] = []

    /// Scores users in batches on `threads` threads. `seen` has the model's users and films as
    /// its rows and columns. Returns nil once `isCancelled` says so.
    public static func rank(
        _ model: any Recommender, seen: InteractionMatrix, k: Int, threads: Int, isCancelled: () -> Bool
    ) -> AllUsersTopK? {
        let users = model.data.users
        let items = model.data.items
        let batch = 256
        let batches = (users + batch - 1) / batch
        var lists = [[(Int, Float)]](repeating: [], count: users)
        var start = 0
        // a round of `threads` batches at a time, so that Ctrl-C is seen between rounds
        while start < batches {
            if isCancelled() { return nil }
            let round = min(threads, batches - start)
            let first = start
            lists.withUnsafeMutableBufferPointer { slots in
                // each batch writes only its own users' slots
                Parallel.forEach(round) { r in
                    let b = first + r
                    let members = Array((b * batch)..<min(users, (b + 1) * batch))
                    let scores = UnsafeMutablePointer<Float>.allocate(capacity: members.count * items)
                    defer { scores.deallocate() }
                    model.scores(users: members, into: scores)
                    for (row, u) in members.enumerated() {
                        let s = scores + row * items
                        for q in seen.row(u) { s[Int(seen.columns[q])] = -.infinity }
                        slots[u] = topK(s, count: items, k: k).filter { $0.1 > -.infinity }
                    }
                }
            }
            start += round
        }
        var table = AllUsersTopK()
        let total = lists.reduce(0) { $0 + $1.count }
        table.userIds.reserveCapacity(total)
        table.ranks.reserveCapacity(total)
        table.movieIds.reserveCapacity(total)
        table.scores.reserveCapacity(total)
        for (u, list) in lists.enumerated() {
            for (r, (item, score)) in list.enumerated() {
                table.userIds.append(model.data.positives.userIds[u])
                table.ranks.append(Int32(r + 1))
                table.movieIds.append(model.data.positives.itemIds[item])
                table.scores.append(score)
            }
        }
        return table
    }
}
