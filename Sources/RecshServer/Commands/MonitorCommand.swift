import Foundation
import RecshShell

/// `monitor [since=7d] [log=FILE] [html=FILE]`: traffic, latency, coverage and fallbacks from
/// the request log, as tables with sparklines or as a page.
public struct MonitorCommand: ShellCommand {
    public let spec = CommandSpec(
        name: "monitor", group: .serving,
        summary: "traffic, latency p50/p95/p99, coverage and fallback rate from the request log",
        usage: "monitor [since=7d] [log=FILE] [html=FILE]",
        options: [
            OptionSpec("since", "N(m|h|d)", default: "7d", "how far back: 30m, 12h, 7d"),
            OptionSpec(
                "log", "FILE", default: "the running server's log, else $RECSH_SERVE_LOG or recsh-requests.sqlite",
                "the request log"),
            OptionSpec("html", "FILE", "also write the report as a self-contained page"),
        ],
        examples: ["monitor", "monitor since=1h", "monitor html=monitor.html"])

    public init() {}

    public func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let sinceText = try call.text("since") ?? "7d"
        guard let window = Self.seconds(sinceText) else {
            throw ShellError.badValue(name: "since", value: sinceText, expected: "a duration such as 30m, 12h or 7d")
        }
        let running = ServeCommand.host(of: context.session)
        let path = try call.text("log") ?? running?.state.store.path ?? ServeCommand.defaultLogPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw ShellError.failed("no request log at \(path): serve writes one (or name it with log=FILE)")
        }
        let store = try running.map(\.state.store) ?? RequestStore(path: path)
        let entries = try store.requests(since: Date().addingTimeInterval(-window))
        let catalog = running?.state.snapshot.catalogSize ?? context.session.current?.movies.count
        let report = MonitorReport(entries: entries, catalogSize: catalog, feedback: (try? store.feedbackCount()) ?? 0)
        var blocks = report.blocks(window: sinceText, log: path)
        if let unusable = try? store.unusableRequestCount(), unusable > 0 {
            blocks.insert(
                .text(
                    "note: left out \(unusable) logged request\(unusable == 1 ? "" : "s") whose time or latency is not a finite number",
                    name: "note"), at: 0)
        }
        if let html = try call.text("html") {
            try report.writePage(to: html, window: sinceText, log: path)
            blocks.append(.text("Wrote \(html)"))
        }
        return blocks
    }

    /// "30m", "12h", "7d" (or plain seconds) in seconds.
    static func seconds(_ s: String) -> Double? {
        let unit = s.last.map(String.init) ?? ""
        let scale: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86400][unit]
        let number = Double(scale == nil ? s : String(s.dropLast()))
        guard let number, number > 0, number * (scale ?? 1) < 1e10 else { return nil }
        return number * (scale ?? 1)
    }
}
