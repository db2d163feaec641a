import Foundation
import Synchronization

/// Runs the server's tasks on threads of its own.
///
/// The shell serves from the same process that trains models at the prompt, and that work runs
/// synchronously on whatever thread it is given. On the Swift concurrency pool, as wide as the
/// machine has cores, a long training run or a busy test runner would leave no thread for the
/// server, and requests would wait for it. Threads kept apart from that pool keep the API answering.
final class ServerExecutor: TaskExecutor {
    /// The one executor of the process; its threads idle on a semaphore when nothing is queued.
    static let shared = ServerExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let jobs = Mutex<[UnownedJob]>([])
    private let queued = DispatchSemaphore(value: 0)

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "recsh.serve.\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        queued.signal()
    }

    private func work() -> Never {
        while true {
            queued.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
