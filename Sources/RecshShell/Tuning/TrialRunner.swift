import Foundation
import RecshModels
import Synchronization

/// Runs `tune`'s trials on every core: each trial fits with one thread, and as many trials run
/// at once as the session has threads. A trial's figures do not depend on which ran beside it,
/// so the table is the same for any thread count. Ctrl-C lets running trials stop at their next
/// check and starts no new one; what finished is kept.
enum TrialRunner {
    struct Outcome: Sendable {
        var score: Double
        var metrics: [(String, Double)]
        var parameterText: String
        var fitSeconds: Double
    }

    struct Results {
        var outcomes: [Outcome?]
        var cancelled: Bool
    }

    static func run(
        count: Int, threads: Int, seed: Int, isCancelled: @escaping @Sendable () -> Bool,
        progress: @escaping @Sendable (_ done: Int) -> Void,
        trial: @escaping @Sendable (_ index: Int, _ control: FitControl) throws -> Outcome
    ) throws -> Results {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let slots = Mutex<[Outcome?]>(Array(repeating: nil, count: count))
        let failure = Mutex<(any Error)?>(nil)
        let stopped = Atomic<Bool>(false)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !stopped.load(ordering: .relaxed) {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                if isCancelled() { return }
                let control = FitControl(threads: 1, seed: seed, isCancelled: isCancelled)
                do {
                    let outcome = try trial(i, control)
                    slots.withLock { $0[i] = outcome }
                    progress(done.add(1, ordering: .relaxed).newValue)
                } catch ShellError.cancelled {
                    return
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    stopped.store(true, ordering: .relaxed)
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let outcomes = slots.withLock { $0 }
        return Results(outcomes: outcomes, cancelled: isCancelled() && outcomes.contains { $0 == nil })
    }
}
