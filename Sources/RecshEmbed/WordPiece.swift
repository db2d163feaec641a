import Foundation

/// BERT's uncased tokenizer, as all-MiniLM-L6-v2 uses it: clean control characters, space out CJK
/// ideographs, NFD then drop combining marks then lowercase, split on whitespace and punctuation,
/// then greedy longest-match word pieces with "##" continuations.
public struct WordPiece: Sendable {
    public static let unk: Int32 = 100
    public static let cls: Int32 = 101
    public static let sep: Int32 = 102
    let vocab: [String: Int32]
    public let maxLength: Int

    public init(vocabFile: String, maxLength: Int = 256) throws {
        guard let text = try? String(contentsOfFile: vocabFile, encoding: .utf8) else {
            throw EmbedError.missingFile(vocabFile)
        }
        var v: [String: Int32] = [:]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty
        {
            v[String(line)] = Int32(i)
        }
        guard v["[CLS]"] == Self.cls, v["[SEP]"] == Self.sep, v["[UNK]"] == Self.unk else {
            throw EmbedError.malformed(vocabFile, "not BERT's uncased vocabulary ([CLS] 101, [SEP] 102, [UNK] 100)")
        }
        vocab = v
        self.maxLength = maxLength
    }

    /// `[CLS] pieces [SEP]`, cut to `maxLength` ids.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [Self.cls]
        let limit = maxLength - 1
        outer: for word in basicTokens(text) {
            for id in pieces(word) {
                if ids.count == limit { break outer }
                ids.append(id)
            }
        }
        ids.append(Self.sep)
        return ids
    }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }

    /// Words after cleaning, accent stripping, lowercasing and punctuation splitting.
    func basicTokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        // clean and space CJK on the original text, as BERT does before normalising each word
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if v == 0 || v == 0xFFFD { continue }
            let cat = s.properties.generalCategory
            if s == "\t" || s == "\n" || s == "\r" || cat == .spaceSeparator {
                cleaned.append(" ")
            } else if cat == .control || cat == .format || cat == .privateUse || cat == .unassigned || cat == .surrogate
            {
                continue
            } else if Self.isCJK(v) {
                cleaned.append(" ")
                cleaned.append(s)
                cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        for chunk in String(cleaned).split(separator: " ") {
            let normalized = String(chunk).lowercased().decomposedStringWithCanonicalMapping
            for s in normalized.unicodeScalars {
                if s.properties.generalCategory == .nonspacingMark { continue }
                if s.properties.isWhitespace {
                    flush()
                } else if Self.isPunctuation(s) {
                    flush()
                    words.append(String(s))
                } else {
                    current.append(s)
                }
            }
            flush()
        }
        return words
    }

    /// Greedy longest-match pieces of one word; a word with no match, or over 100 characters, is [UNK].
    func pieces(_ word: String) -> [Int32] {
        let chars = Array(word.unicodeScalars)
        guard chars.count <= 100 else { return [Self.unk] }
        var out: [Int32] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(chars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = vocab[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [Self.unk] }
            out.append(id)
            start = end
        }
        return out
    }
}
