import Foundation

/// Merges the shared TMDB files into one catalogue. Each file contributes what it does best:
/// `tmdb_5000_movies.csv` (2017) overviews, genres and popularity; `tmdb-movies.csv` cast,
/// director and the overviews of films the 5000 lacks; `keywords.csv` keywords; `links.csv`
/// the MovieLens-to-TMDB links.
public enum TMDBLoader {
    public static let files = ["tmdb_5000_movies.csv", "tmdb-movies.csv", "keywords.csv", "links.csv"]

    /// Loads every known TMDB file present in `folder`; at least one must be there.
    public static func load(folder: String, options: LoadOptions = LoadOptions()) throws -> TMDBCatalog {
        var catalog = TMDBCatalog()
        func path(_ n: String) -> String? {
            let p = (folder as NSString).appendingPathComponent(n)
            return FileManager.default.fileExists(atPath: p) ? p : nil
        }
        guard files.contains(where: { path($0) != nil }) else {
            throw DataError.missingFile(dataset: "tmdb", file: files.joined(separator: ", "))
        }
        if let p = path("tmdb_5000_movies.csv") { try readTMDB5000(p, into: &catalog, options: options) }
        if options.isCancelled() { throw DataError.cancelled }
        if let p = path("tmdb-movies.csv") { try readUdacity(p, into: &catalog, options: options) }
        if options.isCancelled() { throw DataError.cancelled }
        if let p = path("keywords.csv") { try readKeywords(p, into: &catalog, options: options) }
        if let p = path("links.csv") {
            var skipped = MovieLensLoader.Skipped()
            catalog.links = try MovieLensLoader.readLinks(p, options: options, skipped: &skipped)
            catalog.sources.append(("links.csv", catalog.links.count))
        }
        return catalog
    }

    static func readTMDB5000(_ path: String, into catalog: inout TMDBCatalog, options: LoadOptions) throws {
        var r = try CSVReader(path: path)
        let h = try r.header(requiring: [
            "id", "title", "overview", "genres", "keywords", "popularity", "vote_count", "vote_average", "release_date",
        ])
        var rows = 0
        while let f = try r.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count >= h.count, let id = Int(f[h["id"]!]) else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: r.recordLine, text: f.prefix(4).joined(separator: ","),
                        expected: "\(h.count) fields starting with budget,genres,homepage,id")
                }
                continue
            }
            let genres = try jsonNames(f[h["genres"]!], file: path, line: r.recordLine, options: options)
            let keywords = try jsonNames(f[h["keywords"]!], file: path, line: r.recordLine, options: options)
            catalog.update(id) { m in
                m.title = f[h["title"]!]
                m.overview = f[h["overview"]!].trimmingCharacters(in: .whitespacesAndNewlines)
                m.genres = genres
                m.keywords = keywords
                m.popularity = Double(f[h["popularity"]!])
                m.voteCount = Int(f[h["vote_count"]!])
                m.voteAverage = Double(f[h["vote_average"]!])
                m.year = Int(f[h["release_date"]!].prefix(4))
            }
            rows += 1
        }
        catalog.sources.append(("tmdb_5000_movies.csv", rows))
    }

    static func readUdacity(_ path: String, into catalog: inout TMDBCatalog, options: LoadOptions) throws {
        var r = try CSVReader(path: path)
        let h = try r.header(requiring: [
            "id", "imdb_id", "original_title", "cast", "director", "keywords", "overview", "genres", "release_year",
            "popularity", "vote_count", "vote_average",
        ])
        var rows = 0
        func pipes(_ s: String) -> [String] { s.split(separator: "|").map { repairMojibake(String($0)) } }
        while let f = try r.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count >= h.count, let id = Int(f[h["id"]!]) else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: r.recordLine, text: f.prefix(4).joined(separator: ","),
                        expected: "\(h.count) fields starting with id,imdb_id")
                }
                continue
            }
            catalog.update(id) { m in
                if m.title.isEmpty { m.title = repairMojibake(f[h["original_title"]!]) }
                let overview = f[h["overview"]!].trimmingCharacters(in: .whitespacesAndNewlines)
                if m.overview.isEmpty { m.overview = repairMojibake(overview) }
                if m.genres.isEmpty { m.genres = pipes(f[h["genres"]!]) }
                if m.keywords.isEmpty { m.keywords = pipes(f[h["keywords"]!]) }
                m.cast = pipes(f[h["cast"]!])
                m.directors = pipes(f[h["director"]!])
                if m.year == nil { m.year = Int(f[h["release_year"]!]) }
                if m.popularity == nil { m.popularity = Double(f[h["popularity"]!]) }
                if m.voteCount == nil { m.voteCount = Int(f[h["vote_count"]!]) }
                if m.voteAverage == nil { m.voteAverage = Double(f[h["vote_average"]!]) }
                let imdb = f[h["imdb_id"]!]
                if !imdb.isEmpty { m.imdbId = imdb }
            }
            rows += 1
        }
        catalog.sources.append(("tmdb-movies.csv", rows))
    }

    static func readKeywords(_ path: String, into catalog: inout TMDBCatalog, options: LoadOptions) throws {
        var r = try CSVReader(path: path)
        let h = try r.header(requiring: ["id", "keywords"])
        var rows = 0
        while let f = try r.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count >= 2, let id = Int(f[h["id"]!]), let names = PythonLiteral.names(in: f[h["keywords"]!]) else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: r.recordLine, text: f.joined(separator: ","),
                        expected: "id,\"[{'id': N, 'name': '...'}, ...]\"")
                }
                continue
            }
            // the file repeats some ids; the first non-empty list wins
            if !names.isEmpty {
                catalog.update(id) { m in if m.keywords.isEmpty || m.title.isEmpty { m.keywords = names } }
            }
            rows += 1
        }
        catalog.sources.append(("keywords.csv", rows))
    }

    /// The `name` values of a JSON list of `{"id", "name"}` objects.
    static func jsonNames(_ text: String, file: String, line: Int, options: LoadOptions) throws -> [String] {
        if text.isEmpty || text == "[]" { return [] }
        guard let data = text.data(using: .utf8),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else {
            if options.strict {
                throw DataError.malformedLine(
                    file: file, line: line, text: text, expected: "a JSON list of {\"id\", \"name\"} objects")
            }
            return []
        }
        return list.compactMap { $0["name"] as? String }
    }

    /// Undoes UTF-8 read as Latin-1 ("GonzÃ¡lez" -> "González"), present in the Udacity file.
    static func repairMojibake(_ s: String) -> String {
        // "Ã", "Â", "Å" encode as C3 83, C3 82, C3 85; scan bytes rather than Characters (much faster)
        var suspicious = false
        var previous: UInt8 = 0
        for b in s.utf8 {
            if previous == 0xC3 && (b == 0x82 || b == 0x83 || b == 0x85) {
                suspicious = true
                break
            }
            previous = b
        }
        guard suspicious else { return s }
        var bytes: [UInt8] = []
        for scalar in s.unicodeScalars {
            guard scalar.value < 256 else { return s }
            bytes.append(UInt8(scalar.value))
        }
        return String(bytes: bytes, encoding: .utf8) ?? s
    }
}

/// Reads the Python-literal lists of The Movies Dataset (`[{'id': 931, 'name': 'jealousy'}]`),
/// which are not JSON: strings use either quote and backslash escapes.
public enum PythonLiteral {
    /// The `name` values in order, or nil when the text is not such a list.
    public static func names(in text: String) -> [String]? {
        let s = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < s.count && (s[i] == " " || s[i] == "\n" || s[i] == "\t") { i += 1 } }
        func string() -> String? {
            guard i < s.count, s[i] == "'" || s[i] == "\"" else { return nil }
            let q = s[i]
            i += 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                i += 1
                if c == q { return String(out) }
                if c == "\\", i < s.count {
                    let e = s[i]
                    i += 1
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "x" where i + 2 <= s.count:
                        if let v = UInt32(String(String.UnicodeScalarView(s[i..<i + 2])), radix: 16),
                            let u = Unicode.Scalar(v)
                        {
                            out.append(u)
                        }
                        i += 2
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            return nil
        }
        skipSpace()
        guard i < s.count, s[i] == "[" else { return nil }
        i += 1
        var names: [String] = []
        while true {
            skipSpace()
            guard i < s.count else { return nil }
            if s[i] == "]" { return names }
            if s[i] == "," {
                i += 1
                continue
            }
            guard s[i] == "{" else { return nil }
            i += 1
            var name: String?
            while true {
                skipSpace()
                guard i < s.count else { return nil }
                if s[i] == "}" {
                    i += 1
                    break
                }
                if s[i] == "," {
                    i += 1
                    continue
                }
                guard let key = string() else { return nil }
                skipSpace()
                guard i < s.count, s[i] == ":" else { return nil }
                i += 1
                skipSpace()
                if i < s.count, s[i] == "'" || s[i] == "\"" {
                    guard let v = string() else { return nil }
                    if key == "name" { name = v }
                } else {
                    while i < s.count && s[i] != "," && s[i] != "}" { i += 1 }
                }
            }
            if let n = name { names.append(n) }
        }
    }
}
