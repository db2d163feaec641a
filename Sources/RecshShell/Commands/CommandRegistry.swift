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

    /// The built-in commands of the shell foundation.
    public static let standard = CommandRegistry([
        LoadCommand(), DatasetsCommand(), UseCommand(), InfoCommand(), MovieCommand(), SearchCommand(),
        TrainCommand(), ModelsCommand(), DropCommand(), SimilarCommand(), AlsoLikedCommand(), BlendCommand(), RecommendCommand(), PopularCommand(),
        SplitCommand(), EvalCommand(), TimeitCommand(), CoverageCommand(), CompareCommand(), JudgeCommand(), ReportCommand(), ExportCommand(),
        SetCommand(), ShowCommand(), HelpCommand(), RecordCommand(), RunCommand(), QuitCommand(),
    ])
}
