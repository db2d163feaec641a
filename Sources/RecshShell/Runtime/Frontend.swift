import Foundation
import RecshData

/// What the `recsh` executable does, kept here so the executable stays a thin argument parser.
public enum Frontend {
    /// `recsh [FILE.rec ...] [-c "cmd; cmd"]`: runs scripts, commands, standard input or the prompt.
    /// Returns the exit status.
    public static func main(files: [String], commands: String?, keepGoing: Bool, noStartupFile: Bool) -> Int32 {
        let session = Session(progress: ProgressBar())
        let shell = Shell(session: session)
        defer { session.recorder?.close() }
        if files.isEmpty && commands == nil {
            if isatty(STDIN_FILENO) != 0 {
                InteractiveShell(shell: shell, historyPath: InteractiveShell.defaultHistoryPath)
                    .run(startupFile: noStartupFile ? nil : InteractiveShell.defaultStartupPath)
                return 0
            }
            // piped standard input is a script
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            installScriptInterruptHandler()
            return ScriptRunner(shell: shell, keepGoing: keepGoing).run(Transcript(text: text), name: "<stdin>")
                .succeeded ? 0 : 1
        }
        installScriptInterruptHandler()
        var failures = 0
        for file in files {
            guard FileManager.default.fileExists(atPath: file) else {
                shell.console.error("no such script: \(file)")
                return 2
            }
            do { failures += try ScriptRunner(shell: shell, keepGoing: keepGoing).run(file: file).failures } catch {
                shell.console.error(String(describing: error))
                return 2
            }
            if failures > 0 && !keepGoing { return 1 }
            if session.wantsToQuit { return failures > 0 ? 1 : 0 }
        }
        if let commands {
            failures +=
                ScriptRunner(shell: shell, keepGoing: keepGoing).run(Transcript(text: commands), name: "-c").failures
        }
        return failures == 0 ? 0 : 1
    }

    /// `recsh check FILE.rec ... [--update]`: replays transcripts and compares their output.
    public static func check(files: [String], update: Bool) -> Int32 {
        var failed = 0
        for file in files {
            do {
                let result = try TranscriptChecker().check(path: file)
                if result.passed {
                    print("ok    \(file): \(result.commands) commands match")
                } else if update {
                    try TranscriptChecker.write(result.updated, to: file)
                    print("updated \(file): \(result.mismatches.count) of \(result.commands) commands re-recorded")
                } else {
                    failed += 1
                    for m in result.mismatches { print(m.diff) }
                    print(
                        "FAIL  \(file): \(result.mismatches.count) of \(result.commands) commands differ (recsh check --update re-records)"
                    )
                }
            } catch {
                failed += 1
                FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
            }
        }
        return failed == 0 ? 0 : 1
    }

    /// A parent may have started us with SIGINT blocked (test runners, some launchers).
    static func unblockInterrupts() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// In scripts, Ctrl-C stops the running command and then the script.
    static func installScriptInterruptHandler() {
        unblockInterrupts()
        signal(SIGINT) { _ in
            if Cancellation.shared.isRequested { _exit(130) }
            Cancellation.shared.request()
        }
    }
}
