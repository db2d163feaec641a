import Foundation

/// How results are printed: aligned text for people, JSON or CSV for scripts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

/// Turns output blocks into text in one of the output formats.
public enum Renderer {
    static let barWidth = 40

    /// The whole output of one command, without a trailing newline.
    public static func render(_ blocks: [OutputBlock], as format: OutputFormat) -> String {
        switch format {
        case .table: return blocks.map(renderTable).joined(separator: "\n\n")
        case .csv: return blocks.map(renderCSV).joined(separator: "\n\n")
        case .json: return renderJSON(blocks)
        }
    }

    // MARK: aligned text

    static func renderTable(_ block: OutputBlock) -> String {
        switch block {
        case .text(let s, _):
            return s
        case .record(let pairs, _):
            let width = pairs.map(\.key.count).max() ?? 0
            return pairs.map { pair in
                let pad = pair.key.padding(toLength: width, withPad: " ", startingAt: 0)
                // continuation lines of long values line up under the first
                let value = wrap(pair.value.rendered, width: max(30, 100 - width - 2)).joined(
                    separator: "\n" + String(repeating: " ", count: width + 2))
                return "\(pad)  \(value)"
            }.joined(separator: "\n")
        case .table(let t, _):
            return alignedTable(t)
        case .chart(let c, _):
            var lines: [String] = []
            if let title = c.title { lines.append(title) }
            let width = c.bars.map(\.label.count).max() ?? 0
            let top = c.bars.map(\.value).max() ?? 0
            let shownWidth = c.bars.map(\.shown.count).max() ?? 0
            for bar in c.bars {
                let cells = top > 0 ? bar.value / top * Double(barWidth) : 0
                let full = Int(cells)
                let partial = cells - Double(full) >= 0.5 && full < barWidth ? "▌" : ""
                let drawn = String(repeating: "█", count: full) + partial
                let label = bar.label.padding(toLength: width, withPad: " ", startingAt: 0)
                let shown = String(repeating: " ", count: shownWidth - bar.shown.count) + bar.shown
                lines.append("\(label)  \(shown)  \(drawn)")
            }
            return lines.joined(separator: "\n")
        }
    }

    static func alignedTable(_ t: Table) -> String {
        let texts = t.rows.map { $0.map(\.rendered) }
        var widths = t.columns.map(\.title.count)
        for row in texts {
            for (i, s) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], s.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, col) in t.columns.enumerated() {
                let s = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: max(0, widths[i] - s.count))
                parts.append(col.rightAligned ? pad + s : (i == t.columns.count - 1 ? s : s + pad))
            }
            return parts.joined(separator: "  ").replacingOccurrences(
                of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines: [String] = []
        if let title = t.title { lines.append(title) }
        lines.append(line(t.columns.map(\.title)))
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for row in texts { lines.append(line(row)) }
        if t.rows.isEmpty { lines.append("(no rows)") }
        return lines.joined(separator: "\n")
    }

    /// Word-wraps long prose values.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    // MARK: CSV

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func renderCSV(_ block: OutputBlock) -> String {
        switch block {
        case .text(let s, _):
            // prose is not data: keep it as comment lines that CSV readers can skip
            return s.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
        case .record(let pairs, _):
            return (["key,value"] + pairs.map { csvField($0.key) + "," + csvField($0.value.csvText) }).joined(
                separator: "\n")
        case .table(let t, _):
            let header = t.columns.map { csvField($0.key) }.joined(separator: ",")
            return ([header] + t.rows.map { $0.map { csvField($0.csvText) }.joined(separator: ",") }).joined(
                separator: "\n")
        case .chart(let c, _):
            let header = csvField(c.labelTitle.lowercased()) + "," + csvField(c.valueTitle.lowercased())
            return ([header] + c.bars.map { csvField($0.label) + "," + String($0.value) }).joined(separator: "\n")
        }
    }

    // MARK: JSON

    static func jsonObject(_ block: OutputBlock) -> Any {
        switch block {
        case .text(let s, _): return s
        case .record(let pairs, _):
            var o: [String: Any] = [:]
            for p in pairs { o[Format.jsonKey(p.key)] = p.value.json }
            return o
        case .table(let t, _):
            return t.rows.map { row -> [String: Any] in
                var o: [String: Any] = [:]
                for (i, c) in t.columns.enumerated() where i < row.count { o[c.key] = row[i].json }
                return o
            }
        case .chart(let c, _):
            return c.bars.map {
                [c.labelTitle.lowercased(): $0.label, c.valueTitle.lowercased(): $0.value] as [String: Any]
            }
        }
    }

    /// The key every command's notes go under, always present (an empty list when there are
    /// none), so a command's document has the same keys whether or not it printed a note.
    static let notesKey = "notes"

    /// One JSON object per command on one line (JSON Lines), keys sorted for stable output: each
    /// block under its name (a lone message under `message`), notes as a list under `notes`.
    static func renderJSON(_ blocks: [OutputBlock]) -> String {
        guard !blocks.isEmpty else { return "" }
        var o: [String: Any] = [notesKey: [String]()]
        var notes: [String] = []
        for b in blocks {
            if case .text(let s, "note") = b {
                notes.append(s.hasPrefix("note: ") ? String(s.dropFirst(6)) : s)
            } else if case .text(let s, let n) = b, let existing = o[n] as? String {
                o[n] = existing + "\n" + s
            } else {
                o[b.name] = jsonObject(b)
            }
        }
        o[notesKey] = notes
        guard
            let data = try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])
        else {
            return "{\"error\": \"result could not be encoded as JSON\"}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
