import Foundation

/// A table cell: text, or a number that JSON keeps as a number.
public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int)
    /// A decimal shown with `digits` places in tables and CSV.
    case number(Double, digits: Int)
    /// A run-dependent value (a duration, a memory size) shown with a leading `~` that `check` ignores.
    case volatile(String)
    /// An identifier or a year: shown as its digits (no grouping), a number in JSON.
    case id(Int)
    /// A value that is not there, shown with words ("— (not in ml-100k)"), `null` in JSON.
    case absent(String)
    case empty
    /// Several values: joined with ", " in tables, an array in JSON.
    indirect case list([Cell])

    public var rendered: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return Format.grouped(i)
        case .number(let d, let digits): return String(format: "%.\(digits)f", d)
        case .volatile(let s): return "~" + s
        case .id(let i): return String(i)
        case .absent(let s): return s
        case .empty: return ""
        case .list(let l): return l.map(\.rendered).joined(separator: ", ")
        }
    }

    /// Plain text for CSV: no thousands separators.
    var csvText: String {
        switch self {
        case .int(let i): return String(i)
        default: return rendered
        }
    }

    var json: Any {
        switch self {
        case .text(let s): return s
        case .int(let i): return i
        case .number(let d, let digits): return (d * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        case .volatile(let s): return s
        case .id(let i): return i
        case .absent, .empty: return NSNull()
        case .list(let l): return l.map(\.json)
        }
    }
}

/// Rows and named columns.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var key: String
        public var rightAligned: Bool
        public init(_ title: String, key: String? = nil, right: Bool = false) {
            self.title = title
            self.key = key ?? Format.jsonKey(title)
            self.rightAligned = right
        }
    }
    public var title: String?
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(title: String? = nil, columns: [Column], rows: [[Cell]] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// Labelled values drawn as horizontal bars in tables.
public struct BarChart: Sendable {
    public var title: String?
    public var labelTitle: String
    public var valueTitle: String
    public var bars: [(label: String, value: Double, shown: String)]

    public init(
        title: String? = nil, labelTitle: String, valueTitle: String,
        bars: [(label: String, value: Double, shown: String)]
    ) {
        self.title = title
        self.labelTitle = labelTitle
        self.valueTitle = valueTitle
        self.bars = bars
    }
}

/// One piece of a command's result. The name keys it in JSON output.
public enum OutputBlock: Sendable {
    /// Prose for people: a status line, a note.
    case text(String, name: String = "message")
    /// Key-value pairs, such as a film's details.
    case record([(key: String, value: Cell)], name: String)
    case table(Table, name: String)
    case chart(BarChart, name: String)

    var name: String {
        switch self {
        case .text(_, let n), .record(_, let n), .table(_, let n), .chart(_, let n): return n
        }
    }
}

/// Number formatting shared by the renderers and commands.
public enum Format {
    /// 100836 -> "100,836".
    public static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A label as a JSON key: lowercase words joined by `_` ("Evaluated users, validation / test"
    /// -> "evaluated_users_validation_test"), so scripts can name every field.
    public static func jsonKey(_ label: String) -> String {
        var out = ""
        var pending = false
        for ch in label.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "@" {
                if pending && !out.isEmpty { out.append("_") }
                out.append(ch)
                pending = false
            } else {
                pending = true
            }
        }
        return out
    }

    /// A duration for people, marked run-dependent: "~0.21s", "~12ms".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 0.001 { return String(format: "~%.0fµs", seconds * 1e6) }
        if seconds < 1 { return String(format: "~%.0fms", seconds * 1e3) }
        return String(format: "~%.2fs", seconds)
    }

    /// A date (UTC) from a Unix timestamp: "1996-03-29".
    public static func date(_ timestamp: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
    }

    /// A rating value without trailing zeros: 4 -> "4", 4.5 -> "4.5".
    public static func rating(_ r: Float) -> String {
        r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }
}
