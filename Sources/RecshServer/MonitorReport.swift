import Foundation
import RecshFiles
import RecshShell

/// Figures of a window of the request log: traffic, latency percentiles, coverage, fallbacks.
struct MonitorReport {
    let entries: [LoggedRequest]
    let catalogSize: Int?
    let feedback: Int

    static let bars = Array("▁▂▃▄▅▆▇█")

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// Values as a line of block characters, scaled to their maximum.
    static func sparkline(_ values: [Double]) -> String {
        guard let top = values.max(), top > 0 else { return String(repeating: "▁", count: values.count) }
        return String(values.map { bars[min(bars.count - 1, Int(($0 / top) * Double(bars.count - 1)))] })
    }

    /// Requests per bucket and p95 latency per bucket over 24 equal buckets of the logged span.
    var buckets: (counts: [Double], p95: [Double], width: Double) {
        guard let first = entries.first?.time, let last = entries.last?.time else { return ([], [], 0) }
        let n = 24
        let span = max(1, last.timeIntervalSince(first))
        var groups = Array(repeating: [Double](), count: n)
        for e in entries {
            groups[min(n - 1, Int(e.time.timeIntervalSince(first) / span * Double(n)))].append(e.latencyMs)
        }
        return (groups.map { Double($0.count) }, groups.map { Self.percentile($0.sorted(), 95) }, span / Double(n))
    }

    struct Summary {
        var requests = 0, perMinute = 0.0, users = 0, p50 = 0.0, p95 = 0.0, p99 = 0.0, coverage: Double?, distinct = 0,
            fallbackRate = 0.0, errors = 0
    }

    var summary: Summary {
        var s = Summary()
        s.requests = entries.count
        guard let first = entries.first?.time, let last = entries.last?.time else { return s }
        s.perMinute = Double(entries.count) / max(1.0 / 60, last.timeIntervalSince(first) / 60)
        s.users = Set(entries.compactMap(\.userId)).count
        let lat = entries.map(\.latencyMs).sorted()
        s.p50 = Self.percentile(lat, 50)
        s.p95 = Self.percentile(lat, 95)
        s.p99 = Self.percentile(lat, 99)
        s.distinct = Set(entries.flatMap(\.ids)).count
        if let catalogSize, catalogSize > 0 { s.coverage = Double(s.distinct) / Double(catalogSize) }
        let recommends = entries.filter { $0.endpoint == "/recommend" && $0.status == 200 }
        s.fallbackRate = recommends.isEmpty ? 0 : Double(recommends.filter(\.fallback).count) / Double(recommends.count)
        s.errors = entries.filter { $0.status >= 400 }.count
        return s
    }

    func blocks(window: String, log: String) -> [OutputBlock] {
        guard !entries.isEmpty else { return [.text("No requests in the last \(window) of \(log)")] }
        let s = summary
        let b = buckets
        func ms(_ v: Double) -> Cell { .volatile(String(format: "%.2fms", v)) }
        var pairs: [(key: String, value: Cell)] = [
            ("requests", .int(s.requests)), ("per minute", .volatile(String(format: "%.1f", s.perMinute))),
            ("unique users", .int(s.users)),
            ("latency p50", ms(s.p50)), ("latency p95", ms(s.p95)), ("latency p99", ms(s.p99)),
            (
                "catalog coverage",
                s.coverage.map { .text(String(format: "%.1f%% (%d of %d films)", $0 * 100, s.distinct, catalogSize!)) }
                    ?? .int(s.distinct)
            ),
            ("fallback rate", .text(String(format: "%.1f%% of recommendations", s.fallbackRate * 100))),
            ("errors (4xx/5xx)", .int(s.errors)), ("feedback stored", .int(feedback)),
        ]
        pairs.append(("traffic", .volatile(Self.sparkline(b.counts))))
        pairs.append(("p95 latency", .volatile(Self.sparkline(b.p95))))
        var t = Table(
            title: "By endpoint",
            columns: [
                .init("Endpoint"), .init("Requests", right: true), .init("Errors", right: true),
                .init("p50", right: true), .init("p95", right: true), .init("p99", right: true),
            ])
        for (endpoint, group) in Dictionary(grouping: entries, by: \.endpoint).sorted(by: { $0.key < $1.key }) {
            let lat = group.map(\.latencyMs).sorted()
            t.rows.append([
                .text(endpoint), .int(group.count), .int(group.filter { $0.status >= 400 }.count),
                ms(Self.percentile(lat, 50)), ms(Self.percentile(lat, 95)), ms(Self.percentile(lat, 99)),
            ])
        }
        return [.record(pairs, name: "monitor"), .table(t, name: "endpoints")]
    }

    /// The same figures as a self-contained page with SVG sparklines.
    func writePage(to path: String, window: String, log: String) throws {
        let s = summary
        let b = buckets
        func svg(_ values: [Double], color: String) -> String {
            guard let top = values.max(), top > 0 else { return "" }
            let w = 480.0
            let h = 60.0
            let step = w / Double(max(1, values.count - 1))
            let points = values.enumerated().map {
                String(format: "%.1f,%.1f", Double($0.offset) * step, h - $0.element / top * (h - 4))
            }.joined(separator: " ")
            return
                "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\"><polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/></svg>"
        }
        func esc(_ t: String) -> String {
            t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var rows = ""
        for (endpoint, group) in Dictionary(grouping: entries, by: \.endpoint).sorted(by: { $0.key < $1.key }) {
            let lat = group.map(\.latencyMs).sorted()
            rows +=
                "<tr><td>\(esc(endpoint))</td><td>\(group.count)</td><td>\(group.filter { $0.status >= 400 }.count)</td>"
                + String(
                    format: "<td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>", Self.percentile(lat, 50),
                    Self.percentile(lat, 95), Self.percentile(lat, 99))
        }
        let coverage = s.coverage.map { String(format: "%.1f%%", $0 * 100) } ?? "\(s.distinct) films"
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">\(OutputKind.htmlGeneratorTag)<title>recsh monitor</title>
            <style>body{font:15px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}.kpi{display:inline-block;margin:0 1.5rem 1rem 0}.kpi b{display:block;font-size:1.6rem}</style></head><body>
            <h1>recsh monitor</h1><p>\(esc(log)) · last \(esc(window)) · written \(ISO8601DateFormatter().string(from: Date()))</p>
            <div class="kpi"><b>\(s.requests)</b>requests</div><div class="kpi"><b>\(String(format: "%.1f", s.perMinute))</b>per minute</div>
            <div class="kpi"><b>\(s.users)</b>unique users</div><div class="kpi"><b>\(String(format: "%.2f / %.2f / %.2f", s.p50, s.p95, s.p99))</b>latency p50 / p95 / p99 (ms)</div>
            <div class="kpi"><b>\(coverage)</b>catalog coverage</div><div class="kpi"><b>\(String(format: "%.1f%%", s.fallbackRate * 100))</b>fallback rate</div>
            <div class="kpi"><b>\(s.errors)</b>errors</div><div class="kpi"><b>\(feedback)</b>feedback stored</div>
            <h2>Traffic</h2>\(svg(b.counts, color: "#2a6fdb"))<h2>p95 latency</h2>\(svg(b.p95, color: "#d9534f"))
            <h2>By endpoint</h2><table><tr><th>Endpoint</th><th>Requests</th><th>Errors</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>\(rows)</table>
            </body></html>
            """
        do {
            try OutputGuard.checkReplaceable(path, as: .htmlPage)
            try AtomicFile.write(Data(html.utf8), to: path)
        } catch let e as FileError { throw ShellError.failed(e.description) }
    }
}
