import Foundation

/// `run FILE.rec`: replays a script inside the live session.
struct RunCommand: ShellCommand {
    let spec = CommandSpec(
        name: "run", group: .session, summary: "run a .rec script in this session",
        usage: "run FILE.rec [keep-going=yes|no]", arguments: 1...1,
        options: [
            OptionSpec("keep-going", "yes|no", default: "no", "go on after a failing command", values: ["yes", "no"])
        ],
        examples: ["run Scripts/demo.rec"],
        completes: .files)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard let path = call.positionals[0].text else { throw call.usageError(spec, what: "a script file") }
        guard FileManager.default.fileExists(atPath: path) else { throw ShellError.fileNotFound(path) }
        let session = context.session
        guard session.runDepth < 16 else {
            throw ShellError.failed("run is nested more than 16 deep: does \(path) run itself?")
        }
        let keepGoing = try call.bool("keep-going", default: false)
        session.runDepth += 1
        defer { session.runDepth -= 1 }
        let outcome = try ScriptRunner(shell: context.shell, keepGoing: keepGoing).run(file: path)
        try session.cancellation.check()
        if let first = outcome.firstFailure {
            let n = outcome.failures
            throw ShellError.failed("\(first): the script stopped here (\(n) command\(n == 1 ? "" : "s") failed)")
        }
        return []
    }
}
