import Foundation
import Testing

/// Drives the real prompt in a pseudo-terminal through tmux: typing, Tab, Ctrl-C, history, quit.
enum Tmux {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// A private server socket: the tests neither see nor disturb a tmux the user runs.
    static let socket = (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-tmux-\(getpid())")

    /// Runs one tmux client and returns what it printed.
    ///
    /// Not through Foundation's `Process`: the first client forks the tmux server, which keeps
    /// the descriptors it inherited, and `Process` waits for those to close (a pipe, or its own
    /// exit-watching socket) before it reports the client's exit: the tests hung. Here bash closes
    /// every inherited descriptor above 2 and execs tmux; the output goes through a file and the
    /// client is reaped with waitpid.
    @discardableResult
    static func run(_ args: [String]) -> String {
        let outPath = (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-tmux-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let script =
            "for fd in /proc/$$/fd/*; do n=${fd##*/}; if [ \"$n\" -gt 2 ]; then eval \"exec $n>&-\" 2>/dev/null; fi; done; exec /usr/bin/tmux \"$@\""
        let argv = ["/bin/bash", "-c", script, "tmux", "-S", socket] + args
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, cArgs, environ) == 0 else { return "" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    static func screen(_ session: String) -> String { run(["capture-pane", "-p", "-t", session]) }

    /// Waits until the screen contains `text` (at most 20 s); returns the screen.
    static func wait(for text: String, in session: String) -> String {
        var s = ""
        for _ in 0..<200 {
            s = screen(session)
            if s.contains(text) { return s }
            usleep(100_000)
        }
        return s
    }
}

@Suite(
    "The interactive prompt in a pseudo-terminal", .serialized,
    .enabled(if: Tmux.available && FileManager.default.isExecutableFile(atPath: Binary.path)))
struct InteractiveTests {
    @Test("Tab completes commands, dataset names and titles; Ctrl-C clears the line; history persists")
    func prompt() throws {
        let dir = scratchFolder()
        let history = (dir as NSString).appendingPathComponent("history")
        let rc = (dir as NSString).appendingPathComponent("recshrc")
        try "set k=3\n".write(toFile: rc, atomically: true, encoding: .utf8)
        let name = "recsh-test-\(UUID().uuidString.prefix(8))"
        let command =
            "cd '\(TestShell.packageRoot.path)' && RECSH_DATA='\(TestShell.datasets)' RECSH_HISTORY='\(history)' RECSH_RC='\(rc)' '\(Binary.path)'"
        Tmux.run(["new-session", "-d", "-s", name, "-x", "150", "-y", "50", command])
        defer { Tmux.run(["kill-server"]) }

        #expect(Tmux.wait(for: "recsh> ", in: name).contains("help lists commands"))
        // command name completion
        Tmux.run(["send-keys", "-t", name, "sho", "Tab", "sett", "Tab", "Enter"])
        #expect(Tmux.wait(for: "recsh> show settings", in: name).contains("recsh> show settings"))
        // the start-up file ran before the prompt
        #expect(Tmux.wait(for: "default number of results", in: name).contains(#/\nk +3 /#))
        // dataset name completion, then a load
        Tmux.run(["send-keys", "-t", name, "load ml-lat", "Tab", "Enter"])
        #expect(Tmux.wait(for: "Loaded ml-latest-small", in: name).contains("9,724 films rated"))
        // a title inside quotes
        Tmux.run(["send-keys", "-t", name, "movie \"Toy Story 3", "Tab", "Enter"])
        #expect(Tmux.wait(for: "MovieLens id  78499", in: name).contains("Toy Story 3 (2010)"))
        // an error does not end the session
        Tmux.run(["send-keys", "-t", name, "lod x", "Enter"])
        #expect(Tmux.wait(for: "did you mean load?", in: name).contains("unknown command 'lod'"))
        // Ctrl-C drops the half-typed line and gives a fresh prompt
        Tmux.run(["send-keys", "-t", name, "search \"half typed"])
        #expect(Tmux.wait(for: "half typed", in: name).contains("half typed"))
        Tmux.run(["send-keys", "-t", name, "C-c"])
        usleep(300_000)
        Tmux.run(["send-keys", "-t", name, "datasets", "Enter"])
        let after = Tmux.wait(for: "*  ml-latest-small", in: name)
        #expect(after.contains("*  ml-latest-small"))
        #expect(!after.contains("half typeddatasets"))
        // Ctrl-C during a long command cancels it and the session keeps its state
        Tmux.run(["send-keys", "-t", name, "train als factors=256 iterations=1000", "Enter"])
        usleep(1_500_000)
        Tmux.run(["send-keys", "-t", name, "C-c"])
        #expect(
            Tmux.wait(for: "cancelled; the session is as it was", in: name).contains(
                "cancelled; the session is as it was before this command"))
        Tmux.run(["send-keys", "-t", name, "datasets", "Enter"])
        #expect(Tmux.wait(for: "recsh:ml-latest-small> datasets", in: name).contains("recsh:ml-latest-small> datasets"))
        Tmux.run(["send-keys", "-t", name, "quit", "Enter"])
        for _ in 0..<50 where !FileManager.default.fileExists(atPath: history) { usleep(100_000) }
        usleep(300_000)
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains("load ml-latest-small"))
        #expect(saved.contains("movie \"Toy Story 3 (2010)\"") || saved.contains("movie \"Toy Story 3\""))
    }
}
