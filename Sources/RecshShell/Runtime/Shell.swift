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

    /// Executes one line (which may hold several `;`-separated commands) and records it when a
    /// transcript is open. Returns false if a command failed; later commands on the line are skipped.
    @discardableResult
    public func execute(_ line: String, location: String? = nil) -> Bool {
        var ok = true
        let recorder = session.recorder
        let lines = console.capturing { ok = executeUnrecorded(line, location: location) }
        // `record` itself is not part of the transcript it starts or stops
        if let recorder, session.recorder === recorder, session.runDepth == 0, !Self.isRecordCommand(line) {
            recorder.append(command: line, output: lines)
        }
        return ok
    }

    func executeUnrecorded(_ line: String, location: String?) -> Bool {
        let invocations: [Invocation]
        do { invocations = try CommandParser.parse(line) } catch {
            console.error(String(describing: error), location: location)
            return false
        }
        for call in invocations {
            session.cancellation.reset()
            do {
                let blocks = try run(call)
                if !blocks.isEmpty {
                    console.print(Renderer.render(blocks, as: session.settings.format))
                }
            } catch {
                session.progress?.finish()
                let message: String
                if case DataError.cancelled = error { message = "cancelled; the session is as it was before this command" }
                else if case ShellError.cancelled = error { message = "cancelled; the session is as it was before this command" }
                else { message = String(describing: error) }
                console.error(message, location: location)
                return false
            }
            if session.wantsToQuit { break }
        }
        return true
    }

    /// Validates a parsed command against its spec and runs it.
    public func run(_ call: Invocation) throws -> [OutputBlock] {
        guard let command = registry.command(named: call.name) else {
            throw ShellError.unknownCommand(call.name, suggestions: Suggestions.closest(to: call.name, among: registry.names))
        }
        let spec = command.spec
        let valid = spec.options.map(\.name)
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(command: spec.name, option: key, suggestions: Suggestions.closest(to: key, among: valid), valid: valid)
        }
        if call.positionals.count < spec.arguments.lowerBound {
            throw ShellError.missingArgument(command: spec.name, what: spec.arguments.lowerBound == 1 ? "an argument" : "\(spec.arguments.lowerBound) arguments", usage: spec.usage)
        }
        if call.positionals.count > spec.arguments.upperBound {
            throw ShellError.tooManyArguments(command: spec.name, usage: spec.usage)
        }
        return try command.run(call, context: CommandContext(session: session, shell: self))
    }

    static func isRecordCommand(_ line: String) -> Bool {
        guard let calls = try? CommandParser.parse(line) else { return false }
        return calls.contains { $0.name == "record" }
    }
}
