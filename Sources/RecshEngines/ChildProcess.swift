import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program started in a process group of its own, with stdout and stderr going to a log file.
/// Ctrl-C reaches only recsh (the child is not in the terminal's foreground group), and recsh
/// then stops the whole group: spark-submit's JVM and its Python driver alike.
struct ChildProcess {
    let pid: pid_t

    /// How the program ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    static func start(_ argv: [String], environment: [String: String], log: String) throws(EngineError)
        -> ChildProcess
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // the child starts with default SIGINT/SIGTERM handling whatever recsh installed
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let args = argv.map { strdup($0) } + [nil]
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for a in args { free(a) }
            for e in env { free(e) }
        }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, argv[0], &actions, &attributes, args, env)
        // ETXTBSY: a script written a moment ago may still be open for writing in a child another
        // thread forked before that write's descriptor closed; it closes when that child execs
        var tries = 0
        while rc == ETXTBSY && tries < 50 {
            usleep(20_000)
            tries += 1
            rc = posix_spawn(&pid, argv[0], &actions, &attributes, args, env)
        }
        guard rc == 0 else { throw .io("could not start \(argv[0]): \(String(cString: strerror(rc)))") }
        return ChildProcess(pid: pid)
    }

    /// Waits for the end, polling `cancelled` every tenth of a second; on Ctrl-C the group gets
    /// SIGTERM, then SIGKILL after `grace` seconds, and `EngineError.cancelled` is thrown.
    func wait(cancelled: () -> Bool, grace: Double = 10) throws(EngineError) -> Ending {
        while true {
            if let ending = poll() { return ending }
            if cancelled() {
                stop(grace: grace)
                throw .cancelled
            }
            usleep(100_000)
        }
    }

    /// Sends SIGTERM to the group, then SIGKILL if it has not ended within `grace` seconds.
    func stop(grace: Double) {
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if poll() != nil {
                // the JVM may leave children of its own in the group
                kill(-pid, SIGKILL)
                return
            }
            usleep(50_000)
        }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    private func poll() -> Ending? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == 0 { return nil }
        if r < 0 { return errno == EINTR ? nil : .exited(-1) }
        // WIFEXITED / WTERMSIG by hand: the macros are not imported into Swift
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}
