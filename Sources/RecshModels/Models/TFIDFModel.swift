import Foundation
import RecshData

/// What the content model reads about one film.
public struct ContentDocument: Sendable {
    public var overview: String
    public var genres: [String]
    public var keywords: [String]
    public var cast: [String]
    public var directors: [String]

    public init(
        overview: String = "", genres: [String] = [], keywords: [String] = [], cast: [String] = [],
        directors: [String] = []
    ) {
        self.overview = overview
        self.genres = genres
        self.keywords = keywords
        self.cast = cast
        self.directors = directors
    }
}

/// Relative weights of the metadata fields in the content vectors.
public struct FieldWeights: Sendable, Equatable {
    public var overview: Float = 1
    public var genres: Float = 1
    public var keywords: Float = 1
    public var cast: Float = 1
    public var director: Float = 1
    /// How many top-billed actors count.
    public var castSize = 3

    public init() {}
}

/// Content similarity ("Similar Movies"): TF-IDF vectors over overview words, genres, keywords,
/// top cast and director, each field scaled by its weight, compared by cosine through an
/// inverted index. A film without an overview still has its other fields.
public final class TFIDFModel: Sendable {
    public let weights: FieldWeights
    public let documents: Int
    public let vocabulary: Int
    /// Sparse unit vectors: terms and values of document d in `start[d]..<start[d+1]`.
    private let start: [Int]
    private let terms: [Int32]
    private let values: [Float]
    /// Inverted index: documents and values of term t.
    private let postingStart: [Int]
    private let postingDocs: [Int32]
    private let postingValues: [Float]

    static let stopwords: Set<String> = Set(
        """
        a about after again against all also an and any are as at be because been before being between both but by can could did do does \
        during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most \
        my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there \
        these they this those through to too under until up very was we were what when where which while who whom why will with would you \
        your one two new find must life becomes gets takes back world years year man woman young story film get way make made
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    public init(documents docs: [ContentDocument], weights: FieldWeights = FieldWeights()) {
        self.weights = weights
        documents = docs.count
        var vocab: [String: Int32] = [:]
        var display: [String] = []
        var bags: [[(Int32, Float)]] = []
        bags.reserveCapacity(docs.count)
        func id(_ t: String, _ shown: String) -> Int32 {
            if let v = vocab[t] { return v }
            let v = Int32(vocab.count)
            vocab[t] = v
            display.append(shown)
            return v
        }
        for d in docs {
            var bag: [Int32: Float] = [:]
            if weights.overview > 0 {
                for w in TextDecoding.fold(d.overview).split(separator: " ")
                where w.count > 2 && !Self.stopwords.contains(String(w)) {
                    bag[id("w:" + w, "word " + w), default: 0] += 1
                }
            }
            func add(_ prefix: String, _ label: String, _ items: [String]) {
                for x in items { bag[id(prefix + TextDecoding.fold(x), label + " " + x), default: 0] = 1 }
            }
            if weights.genres > 0 { add("g:", "genre", d.genres) }
            if weights.keywords > 0 { add("k:", "keyword", d.keywords) }
            if weights.cast > 0 { add("c:", "cast", Array(d.cast.prefix(weights.castSize))) }
            if weights.director > 0 { add("d:", "director", d.directors) }
            bags.append(bag.map { ($0.key, $0.value) })
        }
        vocabulary = vocab.count
        termNames = display
        vocabularyIndex = vocab
        var df = [Int](repeating: 0, count: vocab.count)
        for b in bags { for (t, _) in b { df[Int(t)] += 1 } }
        var field = [Float](repeating: 1, count: vocab.count)
        for (t, v) in vocab {
            switch t.prefix(2) {
            case "w:": field[Int(v)] = weights.overview
            case "g:": field[Int(v)] = weights.genres
            case "k:": field[Int(v)] = weights.keywords
            case "c:": field[Int(v)] = weights.cast
            default: field[Int(v)] = weights.director
            }
        }
        let n = Float(docs.count)
        let termWeight = (0..<vocab.count).map { t in (logf((1 + n) / (1 + Float(df[t]))) + 1) * field[t] }
        self.termWeight = termWeight
        var start = [0]
        var terms: [Int32] = []
        var values: [Float] = []
        for b in bags {
            var entries = b.map { (t, tf) -> (Int32, Float) in (t, (1 + logf(tf)) * termWeight[Int(t)]) }
            entries.sort { $0.0 < $1.0 }
            let norm = entries.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            for (t, v) in entries {
                terms.append(t)
                values.append(norm > 0 ? v / norm : 0)
            }
            start.append(terms.count)
        }
        (self.start, self.terms, self.values) = (start, terms, values)
        (postingStart, postingDocs, postingValues) = Self.invertedIndex(
            start: start, terms: terms, values: values, vocabulary: vocabulary)
    }

    /// Postings of every term, from the documents' sparse vectors.
    private static func invertedIndex(start: [Int], terms: [Int32], values: [Float], vocabulary: Int) -> (
        [Int], [Int32], [Float]
    ) {
        var counts = [Int](repeating: 0, count: vocabulary + 1)
        for t in terms { counts[Int(t) + 1] += 1 }
        for k in 0..<vocabulary { counts[k + 1] += counts[k] }
        let postingStart = counts
        var fill = counts
        var postingDocs = [Int32](repeating: 0, count: terms.count)
        var postingValues = [Float](repeating: 0, count: terms.count)
        for d in 0..<(start.count - 1) {
            for p in start[d]..<start[d + 1] {
                let t = Int(terms[p])
                postingDocs[fill[t]] = Int32(d)
                postingValues[fill[t]] = values[p]
                fill[t] += 1
            }
        }
        return (postingStart, postingDocs, postingValues)
    }

    /// A model rebuilt from its exported vectors and vocabulary.
    public init(
        restoring weights: FieldWeights, start: [Int], terms: [Int32], values: [Float], keys: [String], names: [String],
        termWeights: [Float]
    ) throws {
        guard start.count >= 1, terms.count == values.count, keys.count == names.count, keys.count == termWeights.count
        else {
            throw ModelError.noData("tfidf: the exported vectors and vocabulary do not fit together")
        }
        try ArrayCheck.offsets(start, end: terms.count, "doc_start")
        try ArrayCheck.indices(terms, below: keys.count, "terms")
        try ArrayCheck.finite(values, "values")
        try ArrayCheck.finite(termWeights, "term_weights")
        guard Set(keys).count == keys.count else {
            throw ModelError.badArray(name: "vocabulary", problem: "a term appears twice")
        }
        self.weights = weights
        documents = start.count - 1
        vocabulary = keys.count
        self.start = start
        self.terms = terms
        self.values = values
        termNames = names
        termWeight = termWeights
        vocabularyIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Int32($0)) })
        (postingStart, postingDocs, postingValues) = Self.invertedIndex(
            start: start, terms: terms, values: values, vocabulary: keys.count)
    }

    /// What `export` writes: document offsets, terms and values, and per term its key, name and weight.
    public var exportedState:
        (start: [Int], terms: [Int32], values: [Float], keys: [String], names: [String], termWeights: [Float])
    {
        var keys = [String](repeating: "", count: vocabulary)
        for (k, v) in vocabularyIndex { keys[Int(v)] = k }
        return (start, terms, values, keys, termNames, termWeight)
    }

    /// The unit vector of a document outside the index (a TMDB film without MovieLens ratings),
    /// over the terms the index knows.
    public func vector(for d: ContentDocument) -> [(Int32, Float)] {
        var bag: [Int32: Float] = [:]
        if weights.overview > 0 {
            for w in TextDecoding.fold(d.overview).split(separator: " ")
            where w.count > 2 && !Self.stopwords.contains(String(w)) {
                if let t = vocabularyIndex["w:" + w] { bag[t, default: 0] += 1 }
            }
        }
        func add(_ prefix: String, _ items: [String]) {
            for x in items { if let t = vocabularyIndex[prefix + TextDecoding.fold(x)] { bag[t] = 1 } }
        }
        if weights.genres > 0 { add("g:", d.genres) }
        if weights.keywords > 0 { add("k:", d.keywords) }
        if weights.cast > 0 { add("c:", Array(d.cast.prefix(weights.castSize))) }
        if weights.director > 0 { add("d:", d.directors) }
        var entries = bag.map { (t, tf) in (t, (1 + logf(tf)) * termWeight[Int(t)]) }.sorted { $0.0 < $1.0 }
        let norm = entries.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
        if norm > 0 { entries = entries.map { ($0.0, $0.1 / norm) } }
        return entries
    }

    /// Cosine similarity of every indexed document to a query vector.
    public func similarities(to vector: [(Int32, Float)], into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: documents)
        for (t, w) in vector {
            for q in postingStart[Int(t)]..<postingStart[Int(t) + 1] {
                out[Int(postingDocs[q])] += w * postingValues[q]
            }
        }
    }

    /// The shared terms that contribute most to a query vector's similarity with document `b`.
    public func sharedTerms(_ vector: [(Int32, Float)], _ b: Int, limit: Int = 3) -> [String] {
        var contributions: [(Int32, Float)] = []
        for (t, w) in vector {
            for p in start[b]..<start[b + 1] where terms[p] == t { contributions.append((t, w * values[p])) }
        }
        contributions.sort { $0.1 > $1.1 }
        return contributions.prefix(limit).map { termNames[Int($0.0)] }
    }

    /// True when the document has at least one term.
    public func hasVector(_ d: Int) -> Bool { start[d + 1] > start[d] }

    /// Cosine similarity of every document to `d`, into `out`; `d` itself gets -inf.
    public func similarities(to d: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: documents)
        for p in start[d]..<start[d + 1] {
            let t = Int(terms[p])
            let w = values[p]
            for q in postingStart[t]..<postingStart[t + 1] { out[Int(postingDocs[q])] += w * postingValues[q] }
        }
        out[d] = -.infinity
    }

    /// The shared terms that contribute most to the similarity of `a` and `b`, for reasons.
    public func sharedTerms(_ a: Int, _ b: Int, limit: Int = 3) -> [String] {
        var contributions: [(Int32, Float)] = []
        var i = start[a]
        var j = start[b]
        while i < start[a + 1] && j < start[b + 1] {
            if terms[i] == terms[j] {
                contributions.append((terms[i], values[i] * values[j]))
                i += 1
                j += 1
            } else if terms[i] < terms[j] {
                i += 1
            } else {
                j += 1
            }
        }
        contributions.sort { $0.1 > $1.1 }
        return contributions.prefix(limit).map { termNames[Int($0.0)] }
    }

    /// Readable names of the terms ("keyword underdog", "director John G. Avildsen").
    private let termNames: [String]
    private let vocabularyIndex: [String: Int32]
    /// idf times the field weight, per term.
    private let termWeight: [Float]
}
