import Foundation
import Synchronization

/// All commands of the shell, by name.
public struct CommandRegistry: Sendable {
    public private(set) var commands: [any ShellCommand]
    private var byName: [String: Int] = [:]
    private var aliases: [String: String] = ["exit": "quit", "?": "help", "ls": "datasets"]

    public init(_ commands: [any ShellCommand]) {
        self.commands = []
        for c in commands { register(c) }
    }

    public mutating func register(_ command: any ShellCommand) {
        byName[command.spec.name] = commands.count
        commands.append(command)
    }

    public func command(named name: String) -> (any ShellCommand)? {
        let n = aliases[name] ?? name
        return byName[n].map { commands[$0] }
    }

    public var names: [String] { commands.map(\.spec.name).sorted() }

    /// The shell's own commands and those other libraries installed (the HTTP server's).
    public static var standard: CommandRegistry {
        var r = builtin
        for c in Installed.commands { r.register(c) }
        return r
    }

    /// Adds commands defined outside this library to every shell made after the call; a
    /// command with the name of an installed one replaces it.
    public static func install(_ commands: [any ShellCommand]) { Installed.add(commands) }

    /// The built-in commands of the shell foundation.
    static let builtin = CommandRegistry([
        LoadCommand(), DatasetsCommand(), UseCommand(), InfoCommand(), MovieCommand(), SearchCommand(),
        TrainCommand(), ModelsCommand(), DropCommand(), SimilarCommand(), AlsoLikedCommand(), BlendCommand(),
        RecommendCommand(), PopularCommand(), AskCommand(), ExplainCommand(), HomeCommand(), FeedbackCommand(),
        SplitCommand(), EvalCommand(), TuneCommand(), TimeitCommand(), CoverageCommand(), CompareCommand(),
        JudgeCommand(),
        ReportCommand(), ExportCommand(),
        SetCommand(), ShowCommand(), HelpCommand(), RecordCommand(), RunCommand(), QuitCommand(),
    ])
}

/// Commands installed by other libraries; the executable installs them once at start-up.
private enum Installed {
    private static let list = Mutex<[any ShellCommand]>([])

    static var commands: [any ShellCommand] { list.withLock { $0 } }

    static func add(_ commands: [any ShellCommand]) {
        let names = Set(commands.map(\.spec.name))
        list.withLock { list in
            list.removeAll { names.contains($0.spec.name) }
            list += commands
        }
    }
}
