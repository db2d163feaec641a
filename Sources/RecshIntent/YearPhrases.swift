/// Years in a folded sentence: decades ("the 90s", "nineties", "années 80"), ranges ("between
/// 1995 and 2005", "before 1960", "since 2000"), parts of decades ("early 90s") and single years.
enum YearPhrases {
    struct Match {
        var consumed: Int
        var min: Int?
        var max: Int?
    }

    static let decadeWords: [String: Int] = [
        "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
        "seventies": 1970, "eighties": 1980, "nineties": 1990, "vingt": 1920, "trente": 1930,
        "quarante": 1940, "cinquante": 1950, "soixante": 1960, "soixante dix": 1970, "quatre vingt": 1980,
        "quatre vingt dix": 1990, "quatre vingts": 1980, "2000": 2000,
    ]
    static let before: Set<String> = ["before", "avant", "pre", "prior to", "earlier than", "older than"]
    static let until: Set<String> = ["until", "up to", "jusqu en", "jusqu a", "through", "till"]
    static let after: Set<String> = ["after", "apres", "post", "later than", "newer than"]
    static let since: Set<String> = [
        "since", "depuis", "starting", "starting from", "a partir de", "des", "onwards from",
    ]
    static let between: Set<String> = ["between", "entre", "from", "de", "du"]
    static let joiners: Set<String> = [
        "and", "et", "to", "a", "au", "until", "through", "jusqu a", "and the", "et les",
    ]
    static let articles: Set<String> = ["the", "les", "des", "la", "le", "l"]
    static let decadeCues: Set<String> = ["annees", "annee", "decennie", "decade"]

    /// A year: 1900–2099 written in full.
    static func year(_ w: Substring) -> Int? {
        guard w.count == 4, let y = Int(w), (1880...2099).contains(y) else { return nil }
        return y
    }

    /// A decade at `i`: "90s", "1990s", "90 s", "nineties", "annees 80", "les annees quatre vingt".
    static func decade(_ w: [Substring], _ i: Int) -> (start: Int, consumed: Int)? {
        guard i < w.count else { return nil }
        var j = i
        if articles.contains(String(w[j])), j + 1 < w.count { j += 1 }
        var cued = false
        if decadeCues.contains(String(w[j])), j + 1 < w.count {
            j += 1
            cued = true
        }
        let t = w[j]
        func fromDigits(_ s: Substring) -> Int? {
            guard let n = Int(s) else { return nil }
            if s.count == 4, n % 10 == 0, (1880...2090).contains(n) { return n }
            if s.count == 2, n % 10 == 0 { return n < 20 ? 2000 + n : 1900 + n }
            return nil
        }
        if t.hasSuffix("s"), let d = fromDigits(t.dropLast()) { return (d, j - i + 1) }
        if let d = fromDigits(t), j + 1 < w.count, w[j + 1] == "s" { return (d, j - i + 2) }
        if cued, let d = fromDigits(t) { return (d, j - i + 1) }
        for n in [3, 2, 1] where j + n <= w.count {
            let phrase = w[j..<(j + n)].joined(separator: " ")
            if let d = decadeWords[phrase], cued || d != 2000 && n == 1 && phrase.hasSuffix("ies") {
                return (d, j - i + n)
            }
        }
        return nil
    }

    /// The longest phrase of `set` that starts at `i`, as a word count.
    static func cue(_ set: Set<String>, _ w: [Substring], _ i: Int) -> Int? {
        for n in [3, 2, 1] where i + n <= w.count && set.contains(w[i..<(i + n)].joined(separator: " ")) { return n }
        return nil
    }

    /// A year, or a decade as its first year, with the words it took.
    static func point(_ w: [Substring], _ i: Int) -> (year: Int, decade: Bool, consumed: Int)? {
        guard i < w.count else { return nil }
        if let d = decade(w, i) { return (d.start, true, d.consumed) }
        var j = i
        if articles.contains(String(w[j])) || decadeCues.contains(String(w[j])) { j += 1 }
        if j < w.count, let y = year(w[j]) { return (y, false, j - i + 1) }
        return nil
    }

    static func match(_ w: [Substring], at i: Int) -> Match? {
        // early / mid / late, début / milieu / fin des
        let parts: [String: ClosedRange<Int>] = [
            "early": 0...3, "mid": 4...6, "late": 7...9, "debut": 0...3, "milieu": 4...6, "fin": 7...9,
        ]
        if let part = parts[String(w[i])] {
            var j = i + 1
            if j < w.count, ["des", "de", "du", "the"].contains(String(w[j])) { j += 1 }
            if let d = decade(w, j) {
                return Match(
                    consumed: j - i + d.consumed, min: d.start + part.lowerBound, max: d.start + part.upperBound)
            }
        }
        if let n = cue(between, w, i), let a = point(w, i + n), let m = cue(joiners, w, i + n + a.consumed),
            let b = point(w, i + n + a.consumed + m)
        {
            let hi = b.decade ? b.year + 9 : b.year
            return Match(consumed: n + a.consumed + m + b.consumed, min: min(a.year, hi), max: max(a.year, hi))
        }
        if let n = cue(before, w, i), let p = point(w, i + n) {
            return Match(consumed: n + p.consumed, min: nil, max: p.year - 1)
        }
        if let n = cue(until, w, i), let p = point(w, i + n) {
            return Match(consumed: n + p.consumed, min: nil, max: p.decade ? p.year + 9 : p.year)
        }
        if let n = cue(after, w, i), let p = point(w, i + n) {
            return Match(consumed: n + p.consumed, min: p.decade ? p.year + 10 : p.year + 1, max: nil)
        }
        if let n = cue(since, w, i), let p = point(w, i + n), !p.decade {
            return Match(consumed: n + p.consumed, min: p.year, max: nil)
        }
        if let d = decade(w, i) { return Match(consumed: d.consumed, min: d.start, max: d.start + 9) }
        if let a = year(w[i]) {
            if i + 1 < w.count, let b = year(w[i + 1]) { return Match(consumed: 2, min: min(a, b), max: max(a, b)) }
            return Match(consumed: 1, min: a, max: a)
        }
        return nil
    }
}
