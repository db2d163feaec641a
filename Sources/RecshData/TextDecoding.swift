import Foundation

/// Decoding of the catalogue files, some of which are ISO-8859-1 rather than UTF-8.
public enum TextDecoding {
    /// Decodes bytes as UTF-8 when they are valid UTF-8, else as ISO-8859-1 (every byte is a character).
    public static func decode(_ data: Data) -> String {
        if let s = String(data: data, encoding: .utf8) { return s }
        return String(data.map { Character(Unicode.Scalar($0)) })
    }

    /// Reads a whole text file, with the same UTF-8-else-Latin-1 rule.
    public static func read(path: String) throws -> String {
        try DataError.checkRegularFile(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(
                file: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        return decode(data)
    }

    /// Lowercases and strips accents and punctuation so "Amélie" matches "amelie".
    public static func fold(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        var lastSpace = true
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                out.append(scalar)
                lastSpace = false
            } else if scalar == "'" || scalar == "’" {
                continue  // "Schindler's" folds to "schindlers", as people type it
            } else if !lastSpace {
                out.append(" ")
                lastSpace = true
            }
        }
        var result = String(out)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}

/// An RFC-4180 CSV reader over UTF-8 bytes that tracks physical line numbers, for files whose
/// quoted fields contain commas and newlines (TMDB overviews). Accepts LF and CRLF.
public struct CSVReader {
    public let file: String
    private let bytes: [UInt8]
    private var position = 0
    /// The physical line on which the record returned last started.
    public private(set) var recordLine = 0
    private var line = 1

    /// Whether a quoted field may run over a line end (TMDB overviews). Files whose fields never
    /// hold one (movies.csv, links.csv) say no, so an unclosed quote ends at its own line.
    public let multilineFields: Bool

    public init(data: Data, file: String, multilineFields: Bool = true) {
        self.file = file
        self.multilineFields = multilineFields
        self.bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Reads a whole file into a reader.
    public init(path: String, multilineFields: Bool = true) throws {
        try DataError.checkRegularFile(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(
                file: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        self.init(data: data, file: path, multilineFields: multilineFields)
    }

    /// The next record's fields, or nil at end of input. Throws on an unterminated quote.
    public mutating func next() throws -> [String]? {
        guard position < bytes.count else { return nil }
        recordLine = line
        var fields: [String] = []
        var scratch: [UInt8] = []
        return try bytes.withUnsafeBufferPointer { b -> [String]? in
            let n = b.count
            while true {
                // one field
                if position < n && b[position] == 0x22 {
                    position += 1
                    scratch.removeAll(keepingCapacity: true)
                    var closed = false
                    while position < n {
                        let c = b[position]
                        position += 1
                        if c == 0x22 {
                            if position < n && b[position] == 0x22 {
                                scratch.append(0x22)
                                position += 1
                            } else {
                                closed = true
                                break
                            }
                        } else {
                            if c == 0x0A {
                                if !multilineFields {
                                    position -= 1
                                    break
                                }
                                line += 1
                            }
                            scratch.append(c)
                        }
                    }
                    if !closed {
                        if !multilineFields {
                            // the next record starts at the next line, so a lenient caller can go on
                            while position < n && b[position] != 0x0A { position += 1 }
                            if position < n {
                                position += 1
                                line += 1
                            }
                        }
                        throw DataError.malformedLine(
                            file: file, line: recordLine, text: String(decoding: scratch.prefix(60), as: UTF8.self),
                            expected: "a closing double quote")
                    }
                    // tolerate stray bytes between the closing quote and the separator
                    while position < n && b[position] != 0x2C && b[position] != 0x0A && b[position] != 0x0D {
                        scratch.append(b[position])
                        position += 1
                    }
                    fields.append(String(decoding: scratch, as: UTF8.self))
                } else {
                    let start = position
                    while position < n && b[position] != 0x2C && b[position] != 0x0A { position += 1 }
                    var stop = position
                    if stop > start && b[stop - 1] == 0x0D && (position >= n || b[position] == 0x0A) { stop -= 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self))
                }
                if position >= n { return fields }
                let c = b[position]
                position += 1
                if c == 0x2C { continue }
                if c == 0x0D { if position < n && b[position] == 0x0A { position += 1 } }
                line += 1
                return fields
            }
        }
    }

    /// Reads the header row and returns a column-name-to-index map.
    public mutating func header(requiring required: [String]) throws -> [String: Int] {
        guard let names = try next() else { throw DataError.emptyFile(file: file) }
        var map: [String: Int] = [:]
        for (i, n) in names.enumerated() { map[n.trimmingCharacters(in: .whitespaces)] = i }
        for r in required where map[r] == nil {
            throw DataError.malformedLine(
                file: file, line: 1, text: names.joined(separator: ","), expected: "a header with column '\(r)'")
        }
        return map
    }
}
