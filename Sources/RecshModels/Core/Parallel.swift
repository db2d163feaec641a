import Dispatch

/// Data-parallel loops over both cores for the kernels.
public enum Parallel {
    /// Runs `body(i)` for every i in 0..<count on all cores and returns when all have finished.
    ///
    /// `body` is not `@Sendable`: kernels hand each iteration raw pointers into buffers they own
    /// for the duration of the call, and each iteration writes only its own rows. That contract,
    /// which the type system cannot see, is what makes the one unchecked box below safe.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }
}

/// Safe only as `Parallel.forEach` uses it: the closure outlives no call, and its iterations
/// touch disjoint memory (or shared state behind a lock of their own).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
