/// The default parser of `ask`: a lexicon and a few patterns, no network. Every word ends up in
/// a filter, as a known filler, or in `text`; nothing is dropped unseen.
public struct OfflineIntentParser: Sendable {
    public let lexicon: IntentLexicon
    public let catalog: IntentCatalog
    let moodIndex: [String: (name: String, firstGenre: String?)]

    public init(lexicon: IntentLexicon, catalog: IntentCatalog) {
        self.lexicon = lexicon
        self.catalog = catalog
        var index: [String: (String, String?)] = [:]
        for m in catalog.moods {
            for a in [m.name] + m.aliases { index[IntentText.fold(a)] = (m.name, m.firstGenre) }
        }
        moodIndex = index
    }

    enum Cue { case none, like, person }

    public func parse(_ query: String) -> Intent {
        let w = IntentText.fold(query).split(separator: " ")
        var intent = Intent()
        var text: [Substring] = []
        var negated = 0  // words left in which a genre or mood is excluded
        var cue = Cue.none
        var i = 0
        func add(_ list: inout [String], _ v: String) { if !list.contains(v) { list.append(v) } }
        while i < w.count {
            if let y = YearPhrases.match(w, at: i) {
                if let a = y.min { intent.yearMin = a }
                if let b = y.max { intent.yearMax = b }
                i += y.consumed
                continue
            }
            let (phraseLength, rules, mood) = longestPhrase(w, i)
            if cue == .like, let t = longestTitle(w, i),
                t.length > phraseLength
                    || rules.allSatisfy({ $0 == .filler }) && mood == nil && t.length >= phraseLength
            {
                if !intent.like.contains(t.id) { intent.like.append(t.id) }
                i += t.length
                cue = (i < w.count && ["and", "or", "et", "ou"].contains(w[i])) ? .like : .none
                continue
            }
            if let p = person(w, i, cued: cue == .person), p.length >= phraseLength {
                add(&intent.people, p.name)
                i += p.length
                cue = (i < w.count && ["and", "et"].contains(w[i])) ? .person : .none
                continue
            }
            if phraseLength > 0 {
                i += phraseLength
                var used = false
                for rule in rules {
                    switch rule {
                    case .genre(let values):
                        for g in values.split(separator: ",").compactMap({ genre(String($0)) }) {
                            if negated > 0 { add(&intent.excludeGenres, g) } else { add(&intent.genres, g) }
                        }
                        used = true
                    case .negation: negated = 3
                    case .like: cue = .like
                    case .person: cue = .person
                    case .yearsFromLast(let lo, let hi):
                        if let lo { intent.yearMin = catalog.lastYear + lo }
                        if let hi { intent.yearMax = catalog.lastYear + hi }
                    case .filler: break
                    }
                }
                if !used, let mood, !rules.contains(where: { if case .genre = $0 { true } else { false } }) {
                    if negated > 0 {
                        if let g = mood.firstGenre.flatMap(genre) { add(&intent.excludeGenres, g) }
                    } else {
                        add(&intent.moods, mood.name)
                    }
                    used = true
                }
                if used {
                    // "not horror or gore": the negation reaches over or / and / ni
                    negated =
                        negated > 0 && i < w.count && ["or", "and", "nor", "ni", "ou", "et"].contains(w[i]) ? 2 : 0
                    cue = .none
                } else if negated > 0 && !rules.contains(.negation) {
                    negated -= 1
                }
                continue
            }
            text.append(w[i])
            if negated > 0 { negated -= 1 }
            cue = .none
            i += 1
        }
        intent.text = text.joined(separator: " ")
        return intent
    }

    /// The longest lexicon phrase, mood name or dataset genre name at `i`.
    func longestPhrase(_ w: [Substring], _ i: Int) -> (Int, [IntentLexicon.Rule], (name: String, firstGenre: String?)?)
    {
        for n in stride(from: min(max(lexicon.longest, 4), w.count - i), through: 1, by: -1) {
            let p = w[i..<(i + n)].joined(separator: " ")
            var rules = lexicon.rules(p)
            if rules.isEmpty, let g = catalog.genres[p] { rules = [.genre(g)] }
            let mood = moodIndex[p]
            if !rules.isEmpty || mood != nil { return (n, rules, mood) }
        }
        return (0, [], nil)
    }

    /// The longest full title at `i` (up to 10 words), the most rated on a tie.
    func longestTitle(_ w: [Substring], _ i: Int) -> (id: Int32, length: Int)? {
        for n in stride(from: min(10, w.count - i), through: 1, by: -1) {
            if let t = catalog.titles[w[i..<(i + n)].joined(separator: " ")] { return (t.id, n) }
        }
        return nil
    }

    /// A person at `i`: a full name anywhere; a surname alone after "with" / "by" / "de", or
    /// before a word for films ("Spielberg films", "Kubrick's movies") when it is not a word of
    /// several titles ("black and white film" has no person; "mann" alone stays text).
    func person(_ w: [Substring], _ i: Int, cued: Bool) -> (name: String, length: Int)? {
        for n in stride(from: min(4, w.count - i), through: 2, by: -1) {
            if let p = catalog.people[w[i..<(i + n)].joined(separator: " ")] { return (p.name, n) }
        }
        guard let p = catalog.surnames[String(w[i])] else { return nil }
        if cued { return (p.name, 1) }
        guard (catalog.titleWords[String(w[i])] ?? 0) < 3 else { return nil }
        // the possessive folds to a separate "s": "kubrick s movies"
        let possessive = i + 1 < w.count && w[i + 1] == "s"
        let next = i + (possessive ? 2 : 1)
        guard next < w.count, Self.filmWords.contains(w[next]) else { return nil }
        return (p.name, possessive ? 2 : 1)
    }

    /// Words for films that make a surname before them a person.
    static let filmWords: Set<Substring> = ["films", "film", "movies", "movie", "flicks", "flick", "pictures"]

    /// A lexicon genre as the dataset names it ("Children" is "Children's" in ml-100k); nil if the
    /// dataset has no such genre.
    func genre(_ name: String) -> String? {
        let f = IntentText.fold(name.trimmingCharacters(in: .whitespaces))
        if let g = catalog.genres[f] ?? catalog.genres[f + " s"] ?? catalog.genres[f + "s"] { return g }
        // a TMDB genre name ("Science Fiction") through the lexicon's synonyms
        for case .genre(let v) in lexicon.rules(f) where IntentText.fold(v) != f { return genre(v) }
        return nil
    }
}
