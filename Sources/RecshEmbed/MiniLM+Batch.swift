import COpenBLAS
import Foundation
import Synchronization

extension MiniLM {
    /// Many texts on `threads` cores: one text per task, each thread with its own buffers, BLAS
    /// single-threaded meanwhile so the cores are not oversubscribed. Row i of the result (texts ×
    /// 384) is text i; nil when `isCancelled` turned true.
    public func embed(
        batch texts: [String], threads: Int, isCancelled: @Sendable () -> Bool = { false },
        progress: @Sendable (Int) -> Void = { _ in }
    ) -> [Float]? {
        let h = Self.hidden
        var out = [Float](repeating: 0, count: texts.count * h)
        guard !texts.isEmpty else { return out }
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let blasThreads = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(blasThreads) }
        // groups of about `rows` tokens, longest texts first so the last tasks are short ones
        let ids = texts.map(tokenizer.encode)
        let order = texts.indices.sorted { ids[$0].count > ids[$1].count }
        let rows = 1024
        var groups: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        for i in order {
            if tokens + ids[i].count > rows, !current.isEmpty {
                groups.append(current)
                current = []
                tokens = 0
            }
            current.append(i)
            tokens += ids[i].count
        }
        if !current.isEmpty { groups.append(current) }
        let tasks = groups
        let workers = max(1, min(threads, tasks.count))
        out.withUnsafeMutableBufferPointer { buffer in
            // each task writes its own rows only
            nonisolated(unsafe) let target = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let scratch = Scratch(maxLength: tokenizer.maxLength, rows: rows)
                while !isCancelled() {
                    let g = next.add(1, ordering: .relaxed).oldValue
                    guard g < tasks.count else { break }
                    embed(group: tasks[g].map { ids[$0] }, scratch: scratch, into: tasks[g].map { target + $0 * h })
                    progress(done.add(tasks[g].count, ordering: .relaxed).newValue)
                }
            }
        }
        return isCancelled() ? nil : out
    }
}
