/// `help [CMD]`: the command list by group, or one command's syntax, options and examples.
struct HelpCommand: ShellCommand {
    let spec = CommandSpec(
        name: "help", group: .session, summary: "list commands, or explain one",
        usage: "help [COMMAND]", arguments: 0...1, examples: ["help", "help load"], completes: .commands)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let registry = context.shell.registry
        guard let word = call.positionals.first?.text?.lowercased() else { return [.text(overview(registry))] }
        guard let command = registry.command(named: word) else {
            throw ShellError.unknownCommand(word, suggestions: Suggestions.closest(to: word, among: registry.names))
        }
        return [.text(detail(command.spec))]
    }

    func overview(_ registry: CommandRegistry) -> String {
        var lines: [String] = []
        let width = registry.commands.map(\.spec.name.count).max() ?? 8
        for group in CommandGroup.allCases {
            let members = registry.commands.filter { $0.spec.group == group }
            guard !members.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(group.rawValue + ":")
            for c in members {
                lines.append(
                    "  " + c.spec.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + c.spec.summary)
            }
        }
        lines.append("")
        lines.append(
            "help COMMAND shows its syntax, options and an example. Values: words, numbers, \"quoted text\", lists (k=5,10,20), ranges (years=1990..1999); # starts a comment, ; separates commands."
        )
        return lines.joined(separator: "\n")
    }

    func detail(_ spec: CommandSpec) -> String {
        var lines = ["\(spec.name): \(spec.summary)", "", "usage: \(spec.usage)"]
        if !spec.options.isEmpty {
            lines.append("")
            lines.append("options:")
            let width = spec.options.map { $0.name.count + $0.placeholder.count + 1 }.max() ?? 0
            for o in spec.options {
                let head = "\(o.name)=\(o.placeholder)".padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("  \(head)  \(o.summary)" + (o.defaultValue.map { " (default: \($0))" } ?? ""))
            }
        }
        if let details = spec.details {
            lines.append("")
            lines.append(contentsOf: details.split(separator: "\n").map(String.init))
        }
        if !spec.examples.isEmpty {
            lines.append("")
            lines.append(spec.examples.count == 1 ? "example:" : "examples:")
            lines.append(contentsOf: spec.examples.map { "  " + $0 })
        }
        return lines.joined(separator: "\n")
    }
}
