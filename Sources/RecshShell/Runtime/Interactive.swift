@preconcurrency import CReadline
import Foundation

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
        Readline.install(completer: Completer(shell: shell), historyPath: historyPath)
        Readline.installInterruptHandler()
        print(
            "recsh \(RecshVersion.current): movie recommenders at the prompt. help lists commands; Tab completes; Ctrl-D leaves."
        )
        if let rc = startupFile, FileManager.default.fileExists(atPath: rc) {
            shell.session.runDepth += 1
            _ = try? ScriptRunner(shell: shell, keepGoing: true).run(file: rc)
            shell.session.runDepth -= 1
        }
        while !shell.session.wantsToQuit {
            let prompt =
                "recsh" + (shell.session.currentName.map { ":" + $0 } ?? "")
                + (shell.session.recorder != nil ? " ●" : "") + "> "
            guard let line = Readline.read(prompt: prompt) else {
                print("")
                break
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            HistoryFile.append(line, to: historyPath)
            shell.execute(line)
        }
        history_truncate_file(historyPath, 2000)
        shell.session.recorder?.close()
    }
}

/// The version printed by the banner and written into transcripts and artifacts.
public enum RecshVersion {
    public static let current = "0.1.0"
}
