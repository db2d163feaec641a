import Foundation
import RecshData

/// Runs lines of the command language against a session and prints their results.
public final class Shell {
    public let session: Session
    public let registry: CommandRegistry
    public let console: Console

    public init(session: Session, registry: CommandRegistry = .standard, console: Console = .standard()) {
        self.session = session
        self.registry = registry
        self.console = console
    }

    /// Executes one line (which may hold several `;`-separated commands). Returns false if a
    /// command failed; later commands on the line are skipped.
    ///
    /// While a transcript is open, each command is recorded with its output as it completes;
    /// `run` and `record` are not recorded themselves, the commands a script runs are.
    @discardableResult
    public func execute(_ line: String, location: String? = nil) -> Bool {
        let invocations: [Invocation]
        do { invocations = try CommandParser.parse(line) } catch {
            let lines = console.capturing { console.error(String(describing: error), location: location) }
            record(line.trimmingCharacters(in: .whitespaces), lines)
            return false
        }
        for call in invocations {
            let recorded = call.name != "run" && call.name != "record"
            var ok = true
            let lines = console.capturing { ok = execute(call, location: location) }
            if recorded { record(call.text, lines) }
            if !ok { return false }
            if session.wantsToQuit { break }
        }
        return true
    }

    /// Appends to the open transcript. A write that fails (a full disk) ends the recording with a
    /// message; the session and everything in it go on.
    func record(_ command: String, _ lines: [Console.Line]) {
        guard let recorder = session.recorder else { return }
        do { try recorder.append(command: command, output: lines) } catch {
            recorder.close()
            session.recorder = nil
            console.error(
                "recording stopped: \(error); the session goes on, and the transcript holds the commands before this one"
            )
        }
    }

    /// Runs one parsed command and prints its result or its error.
    func execute(_ call: Invocation, location: String?) -> Bool {
        session.cancellation.reset()
        do {
            let blocks = try run(call)
            if !blocks.isEmpty { console.print(Renderer.render(blocks, as: session.settings.format)) }
            if !["report", "run", "record"].contains(call.name) {
                session.notebook.append(NotebookEntry(command: call.text, blocks: blocks, error: nil))
            }
            return true
        } catch {
            session.progress?.finish()
            let message: String
            switch error {
            case DataError.cancelled, ShellError.cancelled:
                message = "cancelled; the session is as it was before this command"
            default: message = String(describing: error)
            }
            console.error(message, location: location)
            session.notebook.append(NotebookEntry(command: call.text, blocks: [], error: message))
            return false
        }
    }

    /// Validates a parsed command against its spec and runs it.
    public func run(_ call: Invocation) throws -> [OutputBlock] {
        guard let command = registry.command(named: call.name) else {
            throw ShellError.unknownCommand(
                call.name, suggestions: Suggestions.closest(to: call.name, among: registry.names))
        }
        let spec = command.spec
        let valid = spec.options.map(\.name)
        for (key, _) in call.options
        where spec.checksOptions && !valid.contains(key) && !spec.openOptionPrefixes.contains(where: key.hasPrefix) {
            throw ShellError.unknownOption(
                command: spec.name, option: key, suggestions: Suggestions.closest(to: key, among: valid), valid: valid)
        }
        if call.positionals.count < spec.arguments.lowerBound {
            throw ShellError.missingArgument(
                command: spec.name,
                what: spec.arguments.lowerBound == 1 ? "an argument" : "\(spec.arguments.lowerBound) arguments",
                usage: spec.usage)
        }
        if call.positionals.count > spec.arguments.upperBound {
            throw ShellError.tooManyArguments(command: spec.name, usage: spec.usage)
        }
        return try command.run(call, context: CommandContext(session: session, shell: self))
    }
}
