/// `quit`: leaves the shell (Ctrl-D does the same).
struct QuitCommand: ShellCommand {
    let spec = CommandSpec(
        name: "quit", group: .session, summary: "leave recsh (also exit, Ctrl-D)", usage: "quit", examples: ["quit"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        context.session.wantsToQuit = true
        return []
    }
}
