import Foundation
import RecshFiles

/// `report FILE.html`: the session so far as a self-contained notebook page, charts as inline SVG.
struct ReportCommand: ShellCommand {
    let spec = CommandSpec(
        name: "report", group: .session,
        summary: "write the session so far as a self-contained HTML notebook with SVG charts",
        usage: "report FILE.html [title=TEXT]", arguments: 1...1,
        options: [OptionSpec("title", "TEXT", default: "recsh session", "the page title")],
        examples: ["report watchnext.html", "report Sessions/analysis.html title=\"WatchNext decision\""],
        details:
            "Each command, its output and its charts (coverage by year, metric bars, blend sweeps) as inline SVG; no network is needed to open it. The file is written atomically, and replaces only a page recsh wrote (or an empty file).",
        completes: .files)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard let path = call.positionals[0].text, !path.isEmpty else {
            throw call.usageError(spec, what: "a file name")
        }
        let title = try call.text("title") ?? "recsh session"
        let entries = context.session.notebook
        let html = Self.page(title: title, entries: entries, dataset: context.session.currentName)
        do {
            try OutputGuard.checkReplaceable(path, as: .htmlPage)
            try AtomicFile.write(Data(html.utf8), to: path)
        } catch let e as FileError { throw ShellError.failed(e.description) }
        let charts = entries.flatMap(\.blocks).filter { if case .chart = $0 { return true } else { return false } }
            .count
        return [.text("Wrote \(path): \(entries.count) commands, \(charts) charts")]
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        ).replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func page(title: String, entries: [NotebookEntry], dataset: String?) -> String {
        var body = ""
        for (n, e) in entries.enumerated() {
            body +=
                "<section class=\"cell\"><div class=\"cmd\"><span class=\"n\">[\(n + 1)]</span> <code>\(escape(e.command))</code></div>\n"
            if let error = e.error { body += "<pre class=\"error\">error: \(escape(error))</pre>\n" }
            for block in e.blocks {
                switch block {
                case .chart(let chart, _): body += svg(chart)
                case .table(let t, _): body += html(t)
                default: body += "<pre>\(escape(Renderer.render([block], as: .table)))</pre>\n"
                }
            }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">\(OutputKind.htmlGeneratorTag)<title>\(escape(title))</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1d1d1f; }
            h1 { font-size: 1.6em; margin-bottom: .2em; } .meta { color: #666; margin-bottom: 2em; }
            .cell { border-left: 3px solid #3b82f6; padding: .3em 0 .3em 1em; margin: 1.4em 0; }
            .cmd code { font: 600 14px ui-monospace, monospace; background: #eef2ff; padding: .15em .4em; border-radius: 4px; }
            .n { color: #888; font: 12px ui-monospace, monospace; }
            pre { font: 13px/1.35 ui-monospace, monospace; background: #f7f7f8; padding: .6em .8em; white-space: pre-wrap; border-radius: 4px; }
            pre.error { background: #fef2f2; color: #991b1b; }
            table { border-collapse: collapse; font: 13px ui-monospace, monospace; margin: .5em 0; }
            th, td { padding: .2em .7em; border-bottom: 1px solid #e5e7eb; text-align: left; } td.r, th.r { text-align: right; }
            caption { text-align: left; font-weight: 600; padding: .3em 0; }
            svg text { font: 12px ui-monospace, monospace; fill: #1d1d1f; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <div class="meta">recsh \(RecshVersion.current) · \(escape(dataset ?? "no dataset")) · \(entries.count) commands</div>
            \(body)</body></html>

            """
    }

    static func html(_ t: Table) -> String {
        var out = "<table>"
        if let title = t.title { out += "<caption>\(escape(title))</caption>" }
        out +=
            "<tr>" + t.columns.map { "<th\($0.rightAligned ? " class=\"r\"" : "")>\(escape($0.title))</th>" }.joined()
            + "</tr>"
        for row in t.rows {
            out +=
                "<tr>"
                + zip(t.columns, row).map {
                    "<td\($0.0.rightAligned ? " class=\"r\"" : "")>\(escape($0.1.rendered))</td>"
                }.joined() + "</tr>"
        }
        return out + "</table>\n"
    }

    /// A horizontal bar chart as inline SVG.
    static func svg(_ c: BarChart) -> String {
        let rowHeight = 22
        let labelWidth = max(80, (c.bars.map(\.label.count).max() ?? 8) * 8)
        let barMax = 520
        let valueWidth = 160
        let width = labelWidth + barMax + valueWidth
        let height = rowHeight * c.bars.count + 30
        let top = c.bars.map(\.value).max() ?? 0
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(c.title ?? c.valueTitle))\">"
        out += "<text x=\"0\" y=\"16\" style=\"font-weight:600\">\(escape(c.title ?? c.valueTitle))</text>"
        for (i, bar) in c.bars.enumerated() {
            let y = 26 + i * rowHeight
            let w = top > 0 ? Int(bar.value / top * Double(barMax)) : 0
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(bar.label))</text>"
            out +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(rowHeight - 6)\" rx=\"3\" fill=\"#3b82f6\"/>"
            out += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\">\(escape(bar.shown))</text>"
        }
        return out + "</svg>\n"
    }
}
