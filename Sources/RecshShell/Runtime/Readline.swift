@preconcurrency import CReadline
import Foundation

// Everything that touches GNU readline's C globals and callbacks, in one place.
//
// readline calls back through C function pointers, which cannot capture: these globals carry the
// state the callbacks need. Unchecked, and safe because readline runs on the prompt's one thread:
// the completion globals are touched only inside readline's own calls there; `atPrompt` is a
// sig_atomic_t, the one type a signal handler may read.
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var pendingCandidates: [String] = []
nonisolated(unsafe) private var pendingIndex = 0
nonisolated(unsafe) private var atPrompt: sig_atomic_t = 0

/// GNU readline behind a small Swift face: set-up, reading a line, Ctrl-C, history.
enum Readline {
    /// Reads one line at `prompt`; nil at end of input (Ctrl-D).
    static func read(prompt: String) -> String? {
        atPrompt = 1
        defer { atPrompt = 0 }
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Sets readline up for recsh: its name, no signal handling of its own, quotes, word breaks,
    /// the history file, and Tab completion through `completer`.
    static func install(completer: Completer, historyPath: String) {
        activeCompleter = completer
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
    static func installInterruptHandler() {
        Frontend.unblockInterrupts()
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

/// The history file, appended one line at a time: two sessions at once each add their own
/// lines, where rewriting the file on each line let the last writer drop the other's.
enum HistoryFile {
    static func append(_ line: String, to path: String) {
        add_history(line)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        append_history(1, path)
    }
}
