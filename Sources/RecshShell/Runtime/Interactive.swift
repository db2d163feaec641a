@preconcurrency import CReadline
import Foundation

// readline calls back through C function pointers, which cannot capture: these globals carry the
// state the callbacks need. Only the main thread touches them.
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var pendingCandidates: [String] = []
nonisolated(unsafe) private var pendingIndex = 0
nonisolated(unsafe) private var atPrompt: sig_atomic_t = 0

/// The interactive prompt: GNU readline with history and Tab completion, Ctrl-C to cancel.
public final class InteractiveShell {
    public let shell: Shell
    public let historyPath: String

    public init(shell: Shell, historyPath: String) {
        self.shell = shell
        self.historyPath = historyPath
    }

    /// `$RECSH_HISTORY`, else `~/.recsh_history`.
    public static var defaultHistoryPath: String {
        ProcessInfo.processInfo.environment["RECSH_HISTORY"]
            ?? (home as NSString).appendingPathComponent(".recsh_history")
    }

    /// `$HOME` as the shell sets it; Foundation's NSHomeDirectory() reads the passwd entry on
    /// Linux, which is not where the user said home is.
    public static var home: String { home(in: ProcessInfo.processInfo.environment) }

    static func home(in environment: [String: String]) -> String {
        if let h = environment["HOME"], !h.isEmpty { return h }
        return NSHomeDirectory()
    }

    /// `$RECSH_RC`, else `~/.recshrc`: commands run before the first prompt.
    public static var defaultStartupPath: String {
        ProcessInfo.processInfo.environment["RECSH_RC"]
            ?? (home as NSString).appendingPathComponent(".recshrc")
    }

    /// Runs the prompt until `quit` or Ctrl-D.
    public func run(startupFile: String?) {
        installReadline()
        installInterruptHandler()
        print("recsh \(RecshVersion.current): movie recommenders at the prompt. help lists commands; Tab completes; Ctrl-D leaves.")
        if let rc = startupFile, FileManager.default.fileExists(atPath: rc) {
            shell.session.runDepth += 1
            _ = try? ScriptRunner(shell: shell, keepGoing: true).run(file: rc)
            shell.session.runDepth -= 1
        }
        while !shell.session.wantsToQuit {
            let prompt = "recsh" + (shell.session.currentName.map { ":" + $0 } ?? "") + (shell.session.recorder != nil ? " ●" : "") + "> "
            atPrompt = 1
            guard let raw = readline(prompt) else { print(""); break }
            atPrompt = 0
            let line = String(cString: raw)
            free(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            HistoryFile.append(line, to: historyPath)
            shell.execute(line)
        }
        history_truncate_file(historyPath, 2000)
        shell.session.recorder?.close()
    }

    func installReadline() {
        activeCompleter = Completer(shell: shell)
        rl_readline_name = UnsafePointer(strdup("recsh"))
        rl_catch_signals = 0
        rl_completer_quote_characters = UnsafePointer(strdup("\""))
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n;=\""))
        using_history()
        if FileManager.default.fileExists(atPath: historyPath) { read_history(historyPath) }
        rl_attempted_completion_function = { text, start, _ in
            guard let completer = activeCompleter, let text else { return nil }
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let bytes = Array(line.utf8)
            let prefixBytes = bytes.prefix(max(0, min(Int(start), bytes.count)))
            var prefix = String(decoding: prefixBytes, as: UTF8.self)
            let inQuotes = rl_completion_quote_character == 34 || prefix.hasSuffix("\"")
            if prefix.hasSuffix("\"") { prefix.removeLast() }
            let result = completer.complete(prefix: prefix, word: String(cString: text), inQuotes: inQuotes)
            if result.useFileNames {
                rl_attempted_completion_over = 0
                return nil
            }
            rl_attempted_completion_over = 1
            rl_completion_append_character = result.appendSpace ? 32 : 0
            pendingCandidates = result.candidates
            return rl_completion_matches(text) { _, state in
                if state == 0 { pendingIndex = 0 }
                guard pendingIndex < pendingCandidates.count else { return nil }
                defer { pendingIndex += 1 }
                return strdup(pendingCandidates[pendingIndex])
            }
        }
    }

    /// Ctrl-C at the prompt clears the line; during a command it asks the command to stop.
    func installInterruptHandler() {
        // a parent may have started us with SIGINT blocked (test runners, some launchers)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            Cancellation.shared.request()
            if atPrompt != 0 {
                write(STDOUT_FILENO, "^C\n", 3)
                rl_on_new_line()
                rl_replace_line("", 0)
                rl_redisplay()
            }
        }
    }
}

/// The version printed by the banner and written into transcripts and artifacts.
public enum RecshVersion {
    public static let current = "0.1.0"
}

/// The history file, appended one line at a time: two sessions at once each add their own
/// lines, where rewriting the file on each line let the last writer drop the other's.
enum HistoryFile {
    static func append(_ line: String, to path: String) {
        add_history(line)
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        append_history(1, path)
    }
}
