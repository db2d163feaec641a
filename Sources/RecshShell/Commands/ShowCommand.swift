/// `show settings|data-path`: the session's settings or where datasets are looked for.
struct ShowCommand: ShellCommand {
    let spec = CommandSpec(
        name: "show", group: .session, summary: "show settings, or the folders searched for datasets",
        usage: "show settings|data-path", arguments: 1...1,
        examples: ["show settings", "show data-path"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        switch call.positionals[0].text?.lowercased() {
        case "settings":
            var t = Table(columns: [.init("Setting"), .init("Value"), .init("Allowed"), .init("Meaning")])
            for (spec, value) in zip(Settings.specs, s.settings.values) {
                t.rows.append([.text(spec.name), .text(value.1), .text(spec.allowed), .text(spec.summary)])
            }
            return [.table(t, name: "settings")]
        case "data-path":
            var t = Table(columns: [.init("#", key: "order", right: true), .init("Folder"), .init("Exists")])
            let existing = Set(s.searchPath.existingFolders)
            for (i, f) in s.searchPath.folders.enumerated() {
                t.rows.append([.int(i + 1), .text(f), .text(existing.contains(f) ? "yes" : "no")])
            }
            return [.table(t, name: "data_path"), .text("Downloads go to \(s.searchPath.downloadFolder)", name: "downloads")]
        default:
            let word = call.positionals[0].text ?? call.positionals[0].description
            let hint = Suggestions.closest(to: word, among: ["settings", "data-path"])
            throw ShellError.badValue(name: "show", value: word, expected: "settings or data-path" + (hint.isEmpty ? "" : " (did you mean \(hint[0])?)"))
        }
    }
}
