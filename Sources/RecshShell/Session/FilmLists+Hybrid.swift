import RecshModels

/// Best of Both: the content and community lists of a film combined by a `BlendRule`.
extension FilmLists {
    /// One model's candidates for the hybrid: its top `depth` films, by MovieLens id, with their
    /// score and rank (1 first). Its first k are the model's own list: one scan serves both.
    struct Pool {
        var entries: [Int32: (score: Float, rank: Int)] = [:]
        var order: [Int32] = []
        var list: [ListedFilm] = []

        init(_ v: (sims: [Float], seed: Int)?, model: TrainedModel?, depth: Int, k: Int) {
            guard let v, let model else { return }
            let top = topIndices(v, k: depth)
            for (n, (i, s)) in top.enumerated() {
                let id = model.itemIds[i]
                entries[id] = (s, n + 1)
                order.append(id)
            }
            list = listed(top.prefix(k), seed: v.seed, model: model)
        }
    }

    /// The three lists from one similarity vector per model: each vector is needed for its
    /// model's list and for the candidates' scores, and it is the costly part.
    static func page(seed: Int32, content: TrainedModel?, community: TrainedModel?, k: Int, blend: BlendRule) -> Page {
        let cVector = content.flatMap { similarityVector($0, seed: seed) }
        let mVector = community.flatMap { similarityVector($0, seed: seed) }
        let depth = max(k, blend.pool ?? k)
        let cPool = Pool(cVector, model: content, depth: depth, k: k)
        let mPool = Pool(mVector, model: community, depth: depth, k: k)
        let (cList, mList) = (cPool.list, mPool.list)
        var page = Page(similar: cList, alsoLiked: mList, hybrid: [])
        var union = cPool.order
        for id in mPool.order where cPool.entries[id] == nil { union.append(id) }
        guard !union.isEmpty else { return page }
        let w = blend.weight
        let scores: [Float]
        switch blend.method {
        case .minmax:
            // a candidate outside one model's pool still has that model's score, when the model knows it
            func raw(_ m: TrainedModel?, _ v: (sims: [Float], seed: Int)?) -> [Float] {
                guard let m, let v else { return union.map { _ in 0 } }
                return union.map { id in m.index(ofMovie: id).map { max(0, v.sims[$0]) } ?? 0 }
            }
            let c = normalized(raw(content, cVector))
            let m = normalized(raw(community, mVector))
            scores = (0..<union.count).map { w * c[$0] + (1 - w) * m[$0] }
        case .rank:
            let r = BlendRule.rankConstant
            // scaled so that first in both lists scores 1
            scores = union.map { id in
                let c = cPool.entries[id].map { 1 / (r + Float($0.rank)) } ?? 0
                let m = mPool.entries[id].map { 1 / (r + Float($0.rank)) } ?? 0
                return (w * c + (1 - w) * m) * (r + 1)
            }
        }
        var order = Array(union.indices)
        order.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : union[$0] < union[$1] }
        page.hybrid = order.prefix(k).map { j in
            let id = union[j]
            return ListedFilm(
                movieLensId: id, score: scores[j],
                reason: hybridReason(
                    id, cList: cList, mList: mList, inContent: cPool.entries[id] != nil,
                    inCommunity: mPool.entries[id] != nil, depth: depth, content: content, community: community,
                    seed: seed))
        }
        return page
    }

    static func normalized(_ xs: [Float]) -> [Float] {
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else {
            return xs.map { _ in xs.first ?? 0 > 0 ? 1 : 0 }
        }
        return xs.map { ($0 - lo) / (hi - lo) }
    }

    /// "in both lists" when both shown lists have the film, "in both top N" when only the deeper
    /// pools share it, else the one model's own reason.
    static func hybridReason(
        _ id: Int32, cList: [ListedFilm], mList: [ListedFilm], inContent: Bool, inCommunity: Bool, depth: Int,
        content: TrainedModel?, community: TrainedModel?, seed: Int32
    ) -> String {
        let c = cList.first { $0.movieLensId == id }
        let m = mList.first { $0.movieLensId == id }
        if c != nil && m != nil { return "in both lists" }
        if inContent && inCommunity { return "in both top \(depth)" }
        if let c { return "content: " + c.reason }
        if let m { return "community: " + m.reason }
        let model = inContent ? content : community
        guard let model, let s = model.index(ofMovie: seed), let o = model.index(ofMovie: id) else { return "" }
        return (inContent ? "content: " : "community: ") + reason(for: model, seed: s, other: o)
    }
}
