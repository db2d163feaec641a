import Foundation
import Synchronization

/// Request counters and latency histograms, rendered in the Prometheus text format.
public final class ServerMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
    private struct Counts {
        var requests: [Key: Int] = [:]
        var histograms: [String: (counts: [Int], sum: Double, count: Int)] = [:]
        var fallbacks = 0
        var total = 0
    }
    private let counts = Mutex(Counts())

    struct Key: Hashable {
        var endpoint: String
        var status: Int
    }

    public init() {}

    func record(endpoint: String, status: Int, seconds: Double, fallback: Bool) {
        counts.withLock { c in
            c.total += 1
            c.requests[Key(endpoint: endpoint, status: status), default: 0] += 1
            var h = c.histograms[endpoint] ?? (Array(repeating: 0, count: Self.buckets.count), 0, 0)
            if let b = Self.buckets.firstIndex(where: { seconds <= $0 }) { h.counts[b] += 1 }
            h.sum += seconds
            h.count += 1
            c.histograms[endpoint] = h
            if fallback { c.fallbacks += 1 }
        }
    }

    /// Requests answered since the server started.
    public var served: Int { counts.withLock { $0.total } }

    /// The Prometheus exposition text.
    func prometheus(modelVersion: Int, uptime: Double, cache: (entries: Int, bytes: Int, hits: Int, misses: Int))
        -> String
    {
        let (requests, histograms, fallbacks) = counts.withLock { ($0.requests, $0.histograms, $0.fallbacks) }
        var out =
            "# HELP recsh_requests_total Requests answered, by endpoint and status.\n# TYPE recsh_requests_total counter\n"
        for (k, n) in requests.sorted(by: { ($0.key.endpoint, $0.key.status) < ($1.key.endpoint, $1.key.status) }) {
            out += "recsh_requests_total{endpoint=\"\(k.endpoint)\",status=\"\(k.status)\"} \(n)\n"
        }
        out +=
            "# HELP recsh_request_duration_seconds Time to answer a request.\n# TYPE recsh_request_duration_seconds histogram\n"
        for (endpoint, h) in histograms.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (i, le) in Self.buckets.enumerated() {
                cumulative += h.counts[i]
                out += "recsh_request_duration_seconds_bucket{endpoint=\"\(endpoint)\",le=\"\(le)\"} \(cumulative)\n"
            }
            out += "recsh_request_duration_seconds_bucket{endpoint=\"\(endpoint)\",le=\"+Inf\"} \(h.count)\n"
            out += "recsh_request_duration_seconds_sum{endpoint=\"\(endpoint)\"} \(h.sum)\n"
            out += "recsh_request_duration_seconds_count{endpoint=\"\(endpoint)\"} \(h.count)\n"
        }
        out +=
            "# HELP recsh_fallbacks_total Recommendations answered with popular films (unknown users).\n# TYPE recsh_fallbacks_total counter\n"
        out += "recsh_fallbacks_total \(fallbacks)\n"
        out +=
            "# HELP recsh_model_version The version of the served models.\n# TYPE recsh_model_version gauge\nrecsh_model_version \(modelVersion)\n"
        out +=
            "# HELP recsh_answer_cache_hits_total Answers served from the cache of the current model version.\n# TYPE recsh_answer_cache_hits_total counter\nrecsh_answer_cache_hits_total \(cache.hits)\n"
        out +=
            "# HELP recsh_answer_cache_misses_total Answers computed for the current model version.\n# TYPE recsh_answer_cache_misses_total counter\nrecsh_answer_cache_misses_total \(cache.misses)\n"
        out +=
            "# HELP recsh_answer_cache_bytes Bytes held by the answer cache.\n# TYPE recsh_answer_cache_bytes gauge\nrecsh_answer_cache_bytes \(cache.bytes)\n"
        out +=
            "# HELP recsh_uptime_seconds Seconds since the server started.\n# TYPE recsh_uptime_seconds gauge\nrecsh_uptime_seconds \(String(format: "%.1f", uptime))\n"
        return out
    }
}
