import Foundation
import RecshFiles

/// Reads MovieLens folders (ML-100K, ML-1M/10M, ML-20M/25M/latest) and single ratings files.
public enum MovieLensLoader {
    /// Loads a dataset folder or a single ratings file, detecting the edition from the files present.
    public static func load(path: String, name: String? = nil, options: LoadOptions = LoadOptions()) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.unreadable(file: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            for candidate in ["ratings.csv", "ratings.dat", "u.data"] {
                let file = (path as NSString).appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: file) {
                    return try loadRatingsFile(
                        file, name: name ?? (path as NSString).lastPathComponent, options: options)
                }
            }
            throw DataError.missingFile(dataset: name ?? path, file: "ratings.csv, ratings.dat or u.data")
        }
        let folder = PathText.name(of: PathText.folder(of: path))
        return try loadRatingsFile(
            path, name: name ?? (folder.isEmpty ? (path as NSString).lastPathComponent : folder), options: options)
    }

    static func loadRatingsFile(_ file: String, name: String, options: LoadOptions) throws -> Dataset {
        let load = try RatingsParser.load(path: file, options: options)
        let folder = PathText.folder(of: file)
        func sibling(_ n: String) -> String? {
            let p = (folder as NSString).appendingPathComponent(n)
            return FileManager.default.fileExists(atPath: p) ? p : nil
        }
        var catalog = MovieCatalog()
        var tags: [Int32: [String]] = [:]
        var tagCount = 0
        var global = true
        var skipped = Skipped()
        switch load.format {
        case .tabSeparated:
            global = false  // ML-100K numbers its films on its own
            if let items = sibling("u.item") {
                catalog = try readItemFile(
                    items, genres: try sibling("u.genre").map(readGenreFile) ?? [], options: options, skipped: &skipped)
            }
        case .doubleColon:
            if let movies = sibling("movies.dat") {
                catalog = try readMoviesDat(movies, options: options, skipped: &skipped)
            }
        case .csv:
            if let movies = sibling("movies.csv") {
                catalog = try readMoviesCSV(movies, options: options, skipped: &skipped)
            }
            if let links = sibling("links.csv") {
                catalog.applyLinks(try readLinks(links, options: options, skipped: &skipped))
            }
            if let tagsFile = sibling("tags.csv") {
                (tags, tagCount) = try readTags(tagsFile, options: options, skipped: &skipped)
            }
        }
        var notes: [String] = []
        if load.skippedLines > 0 {
            notes.append(
                "skipped \(load.skippedLines) malformed line\(load.skippedLines == 1 ? "" : "s") (first: \(load.firstSkipped.joined(separator: "; ")))"
            )
        }
        for (file, count) in skipped.counts.sorted(by: { $0.key < $1.key }) {
            notes.append("\(file): skipped \(count) malformed line\(count == 1 ? "" : "s")")
        }
        if load.duplicatesRemoved > 0 {
            notes.append(
                "\(load.duplicatesRemoved) repeated (user, movie) pair\(load.duplicatesRemoved == 1 ? "" : "s"): kept the latest rating of each"
            )
        }
        return Dataset(
            name: name, ratingsFile: file, ratings: load.table, format: load.format, movies: catalog,
            tags: tags, tagCount: tagCount, globalMovieLensIds: global, notes: notes)
    }

    /// `u.genre`: `name|index` lines.
    static func readGenreFile(_ path: String) throws -> [String] {
        var genres: [(Int, String)] = []
        for line in try TextDecoding.read(path: path).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            if parts.count == 2, let i = Int(parts[1]) { genres.append((i, String(parts[0]))) }
        }
        return genres.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `u.item`: ISO-8859-1, `id|title|release|video|url|` then 19 genre flags.
    static func readItemFile(_ path: String, genres: [String], options: LoadOptions, skipped: inout Skipped) throws
        -> MovieCatalog
    {
        var catalog = MovieCatalog()
        for (n, line) in lines(try TextDecoding.read(path: path)) {
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count >= 5 + genres.count, let id = Int32(f[0]), id > 0 else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: n, text: line,
                        expected: "id|title|release date|video date|IMDb URL|\(genres.count) genre flags")
                }
                skipped.add(path)
                continue
            }
            let (title, year) = Movie.parseTitle(String(f[1]))
            var g: [String] = []
            for (k, name) in genres.enumerated() where f[5 + k] == "1" && name != "unknown" { g.append(name) }
            catalog.add(Movie(movieLensId: id, title: title, year: year, genres: g))
        }
        return catalog
    }

    /// `movies.dat`: ISO-8859-1, `id::title::Genre|Genre`.
    static func readMoviesDat(_ path: String, options: LoadOptions, skipped: inout Skipped) throws -> MovieCatalog {
        var catalog = MovieCatalog()
        for (n, line) in lines(try TextDecoding.read(path: path)) {
            let f = line.components(separatedBy: "::")
            guard f.count == 3, let id = Int32(f[0]), id > 0 else {
                if options.strict {
                    throw DataError.malformedLine(file: path, line: n, text: line, expected: "movieId::title::genres")
                }
                skipped.add(path)
                continue
            }
            let (title, year) = Movie.parseTitle(f[1])
            catalog.add(Movie(movieLensId: id, title: title, year: year, genres: splitGenres(f[2])))
        }
        return catalog
    }

    /// `movies.csv`: `movieId,title,genres` with RFC-4180 quoting.
    static func readMoviesCSV(_ path: String, options: LoadOptions, skipped: inout Skipped) throws -> MovieCatalog {
        var reader = try CSVReader(path: path, multilineFields: false)
        let h = try reader.header(requiring: ["movieId", "title", "genres"])
        let (ci, ct, cg) = (h["movieId"]!, h["title"]!, h["genres"]!)
        var catalog = MovieCatalog()
        while let f = try next(&reader, options, &skipped) {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count > max(ci, ct, cg), let id = Int32(f[ci]), id > 0 else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: reader.recordLine, text: f.joined(separator: ","),
                        expected: "movieId,title,genres")
                }
                skipped.add(path)
                continue
            }
            let (title, year) = Movie.parseTitle(f[ct])
            catalog.add(Movie(movieLensId: id, title: title, year: year, genres: splitGenres(f[cg])))
        }
        return catalog
    }

    /// `links.csv`: `movieId,imdbId,tmdbId`; the TMDB id may be empty.
    public static func readLinks(_ path: String, options: LoadOptions, skipped: inout Skipped) throws -> [Int32: (
        tmdb: Int?, imdb: String?
    )] {
        var reader = try CSVReader(path: path, multilineFields: false)
        let h = try reader.header(requiring: ["movieId", "imdbId", "tmdbId"])
        let (cm, ci, ct) = (h["movieId"]!, h["imdbId"]!, h["tmdbId"]!)
        var links: [Int32: (tmdb: Int?, imdb: String?)] = [:]
        while let f = try next(&reader, options, &skipped) {
            if f.count == 1 && f[0].isEmpty { continue }
            let tmdbText = f.count > ct ? f[ct].trimmingCharacters(in: .whitespaces) : ""
            let tmdb = tmdbId(tmdbText)
            guard f.count > max(cm, ci, ct), let id = Int32(f[cm]), tmdbText.isEmpty || tmdb != nil else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: reader.recordLine, text: f.joined(separator: ","),
                        expected: "movieId,imdbId,tmdbId with a whole positive tmdbId or none")
                }
                skipped.add(path)
                continue
            }
            let imdb = f[ci].isEmpty ? nil : "tt" + String(repeating: "0", count: max(0, 7 - f[ci].count)) + f[ci]
            links[id] = (tmdb, imdb)
        }
        return links
    }

    /// A TMDB id as links files write it: "1234", or "1234.0" (The Movies Dataset writes floats).
    /// nil for anything else ("nan", "inf", "1e300", "-3", "12.5"), which is not an id.
    static func tmdbId(_ text: String) -> Int? {
        if let v = Int(text) { return v > 0 ? v : nil }
        guard let d = Double(text), d.isFinite, d >= 1, d <= Double(Int32.max), d == d.rounded() else { return nil }
        return Int(d)
    }

    /// The next record of a one-line-per-record CSV; under strict=no a malformed line (an unclosed
    /// quote) is counted and skipped instead of ending the load.
    static func next(_ reader: inout CSVReader, _ options: LoadOptions, _ skipped: inout Skipped) throws -> [String]? {
        while true {
            do { return try reader.next() } catch DataError.malformedLine(let file, _, _, _) where !options.strict {
                skipped.add(file)
            }
        }
    }

    /// `tags.csv`: `userId,movieId,tag,timestamp`.
    static func readTags(_ path: String, options: LoadOptions, skipped: inout Skipped) throws -> (
        [Int32: [String]], Int
    ) {
        var reader = try CSVReader(path: path, multilineFields: false)
        let h = try reader.header(requiring: ["userId", "movieId", "tag"])
        let (cm, ct) = (h["movieId"]!, h["tag"]!)
        var tags: [Int32: [String]] = [:]
        var count = 0
        while let f = try next(&reader, options, &skipped) {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count > max(cm, ct), let id = Int32(f[cm]) else {
                if options.strict {
                    throw DataError.malformedLine(
                        file: path, line: reader.recordLine, text: f.joined(separator: ","),
                        expected: "userId,movieId,tag,timestamp")
                }
                skipped.add(path)
                continue
            }
            tags[id, default: []].append(f[ct])
            count += 1
        }
        return (tags, count)
    }

    /// Lines skipped under strict=no, per file, for the load's notes.
    public struct Skipped {
        public var counts: [String: Int] = [:]
        public init() {}
        mutating func add(_ file: String) { counts[(file as NSString).lastPathComponent, default: 0] += 1 }
    }

    static func splitGenres(_ s: String) -> [String] {
        s == "(no genres listed)" ? [] : s.split(separator: "|").map(String.init)
    }

    /// Non-empty lines with their 1-based numbers; CRLF and a missing final newline are fine.
    static func lines(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var n = 0
        // "\r\n" is one Character in Swift, so split on both forms
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            n += 1
            if !raw.isEmpty { out.append((n, String(raw))) }
        }
        return out
    }
}
