import Foundation

/// What a ratings load produced and what it had to set aside.
public struct RatingsLoad: Sendable {
    public var table: RatingsTable
    public var format: RatingsFormat
    /// Malformed lines skipped under `strict=no`, with the first few for the report.
    public var skippedLines: Int
    public var firstSkipped: [String]
    /// Repeated (user, movie) pairs; the latest rating of each was kept.
    public var duplicatesRemoved: Int
    public var bytes: Int
}

/// A hand-written byte-level reader for the three MovieLens ratings layouts.
///
/// Reads in fixed-size chunks so that a 25M-row file never sits in memory twice, and parses
/// integers and decimals directly from bytes: no `String` per line on the fast path.
public enum RatingsParser {
    static let chunkSize = 16 << 20
    /// No ratings line comes near this; a longer one means the file is not ratings at all.
    public static let maxLineBytes = 1 << 20

    /// Loads a ratings file, detecting its layout unless `format` is given.
    public static func load(path: String, format: RatingsFormat? = nil, options: LoadOptions = LoadOptions()) throws
        -> RatingsLoad
    {
        try DataError.checkRegularFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(
                file: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let displayName = path

        var state = ParseState()
        var detected = format
        var table = RatingsTable()
        // ~21 bytes per row in u.data and ratings.csv; reserving avoids regrowth copies at 25M rows
        table.reserve(max(16, size / 20))
        var carry: [UInt8] = []
        var lineNumber = 0
        var sawHeaderCheck = false

        while true {
            if options.isCancelled() { throw DataError.cancelled }
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw DataError.unreadable(file: displayName, reason: error.localizedDescription)
            }
            let atEnd = chunk.isEmpty
            var buffer: [UInt8]
            if carry.isEmpty {
                buffer = [UInt8](chunk)
            } else {
                buffer = carry
                buffer.append(contentsOf: chunk)
            }
            carry = []
            if buffer.isEmpty { break }
            // Only complete lines are parsed; the tail waits for the next chunk unless the file ended.
            var limit = buffer.count
            if !atEnd {
                guard let lastNewline = buffer.lastIndex(of: 0x0A) else {
                    // no line end in a whole chunk: not a ratings file (/dev/zero, a binary file)
                    if buffer.count > maxLineBytes {
                        throw DataError.lineTooLong(file: displayName, line: lineNumber + 1, limit: maxLineBytes)
                    }
                    carry = buffer
                    continue
                }
                limit = lastNewline + 1
                carry = Array(buffer[limit...])
            }
            try buffer.withUnsafeBufferPointer { raw in
                let bytes = raw.baseAddress!
                var start = 0
                while start < limit {
                    var end = start
                    while end < limit && bytes[end] != 0x0A { end += 1 }
                    lineNumber += 1
                    if end - start > maxLineBytes {
                        throw DataError.lineTooLong(file: displayName, line: lineNumber, limit: maxLineBytes)
                    }
                    var stop = end
                    if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
                    defer { start = end + 1 }
                    if stop == start { continue }  // blank lines, e.g. a trailing one, carry no rating
                    if !sawHeaderCheck {
                        sawHeaderCheck = true
                        let first = String(
                            decoding: UnsafeBufferPointer(start: bytes + start, count: stop - start), as: UTF8.self)
                        let fmt = try detected ?? RatingsFormat.detect(path: path, firstLine: first)
                        detected = fmt
                        state.separator = fmt.separator
                        state.accepted = fmt.acceptedRatings
                        if fmt == .csv && first.unicodeScalars.contains(where: { CharacterSet.letters.contains($0) }) {
                            let columns = first.lowercased().split(separator: ",").map(String.init)
                            guard columns.count == 4, columns[0].contains("user"), columns[2].contains("rating") else {
                                throw DataError.malformedLine(
                                    file: displayName, line: lineNumber, text: first,
                                    expected: "a header userId,movieId,rating,timestamp")
                            }
                            continue
                        }
                    }
                    if state.parse(bytes, start, stop) {
                        table.append(user: state.user, item: state.item, rating: state.rating, timestamp: state.time)
                    } else {
                        let text = String(
                            decoding: UnsafeBufferPointer(start: bytes + start, count: stop - start), as: UTF8.self)
                        if options.strict {
                            throw DataError.malformedLine(
                                file: displayName, line: lineNumber, text: text, expected: detected!.expectedLine)
                        }
                        state.skipped += 1
                        if state.firstSkipped.count < 3 { state.firstSkipped.append("line \(lineNumber): \(text)") }
                    }
                }
            }
            if atEnd { break }
        }
        guard let fmt = detected, !table.isEmpty else { throw DataError.emptyFile(file: displayName) }
        let duplicates = table.removeDuplicatePairs()
        return RatingsLoad(
            table: table, format: fmt, skippedLines: state.skipped, firstSkipped: state.firstSkipped,
            duplicatesRemoved: duplicates, bytes: size)
    }
}

/// The per-line field parser, kept in a struct so its scratch values stay in registers.
struct ParseState {
    var separator: [UInt8] = [0x09]
    var accepted: ClosedRange<Float> = 0.5...5
    var user: Int32 = 0
    var item: Int32 = 0
    var rating: Float = 0
    var time: Int64 = 0
    var skipped = 0
    var firstSkipped: [String] = []

    /// Parses `user SEP item SEP rating SEP timestamp` from bytes[start..<end]; false if malformed.
    mutating func parse(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var p = start
        guard let u = integer(b, &p, end), u > 0, u <= Int64(Int32.max), separatorAt(b, &p, end) else { return false }
        guard let i = integer(b, &p, end), i > 0, i <= Int64(Int32.max), separatorAt(b, &p, end) else { return false }
        guard let r = decimal(b, &p, end), accepted.contains(r), separatorAt(b, &p, end) else { return false }
        guard let t = integer(b, &p, end) else { return false }
        while p < end && (b[p] == 0x20 || b[p] == 0x09) { p += 1 }
        guard p == end else { return false }
        user = Int32(u)
        item = Int32(i)
        rating = r
        time = t
        return true
    }

    @inline(__always)
    func separatorAt(_ b: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Bool {
        let s0 = separator[0]
        guard p < end, b[p] == s0 else { return false }
        p += 1
        if separator.count == 2 {
            guard p < end, b[p] == separator[1] else { return false }
            p += 1
        }
        return true
    }

    @inline(__always)
    func integer(_ b: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Int64? {
        var negative = false
        if p < end && b[p] == 0x2D {
            negative = true
            p += 1
        }
        let first = p
        var v: Int64 = 0
        while p < end {
            let d = b[p] &- 0x30
            if d > 9 { break }
            if v > (Int64.max - 9) / 10 { return nil }
            v = v * 10 + Int64(d)
            p += 1
        }
        if p == first { return nil }
        return negative ? -v : v
    }

    @inline(__always)
    func decimal(_ b: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Float? {
        let first = p
        var whole: Int = 0
        while p < end, b[p] &- 0x30 <= 9, p - first < 6 {
            whole = whole * 10 + Int(b[p] &- 0x30)
            p += 1
        }
        var digits = p - first
        var fraction = 0
        var scale = 1
        if p < end && b[p] == 0x2E {
            p += 1
            while p < end, b[p] &- 0x30 <= 9, scale < 1_000_000 {
                fraction = fraction * 10 + Int(b[p] &- 0x30)
                scale *= 10
                p += 1
                digits += 1
            }
        }
        return digits == 0 ? nil : Float(Double(whole) + Double(fraction) / Double(scale))
    }
}
