/// `show settings|data-path|memory`: settings, where datasets are looked for, or memory use.
struct ShowCommand: ShellCommand {
    let spec = CommandSpec(
        name: "show", group: .session, summary: "show settings, or the folders searched for datasets",
        usage: "show settings|data-path|memory", arguments: 1...1,
        examples: ["show settings", "show data-path", "show memory"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        switch call.positionals[0].text?.lowercased() {
        case "settings":
            var t = Table(columns: [.init("Setting"), .init("Value"), .init("Allowed"), .init("Meaning")])
            for (spec, value) in zip(Settings.specs, s.settings.values) {
                t.rows.append([.text(spec.name), .text(value.1), .text(spec.allowed), .text(spec.summary)])
            }
            for (key, value) in s.settings.values.dropFirst(Settings.specs.count) {
                t.rows.append([
                    .text(key), .text(value), .text("a Spark setting"), .text("passed to Spark jobs as --conf"),
                ])
            }
            return [.table(t, name: "settings")]
        case "data-path":
            var t = Table(columns: [.init("#", key: "order", right: true), .init("Folder"), .init("Exists")])
            let existing = Set(s.searchPath.existingFolders)
            for (i, f) in s.searchPath.folders.enumerated() {
                t.rows.append([.int(i + 1), .text(f), .text(existing.contains(f) ? "yes" : "no")])
            }
            return [
                .table(t, name: "data_path"),
                .text("Downloads go to \(s.searchPath.downloadFolder)", name: "downloads"),
            ]
        case "memory":
            // resident and peak resident memory of this process, from /proc (Linux)
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            func field(_ name: String) -> String {
                guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                    let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
                else { return "unknown" }
                return String(format: "%.0fMB", kb / 1024)
            }
            return [
                .record(
                    [("resident", .volatile(field("VmRSS"))), ("peak resident", .volatile(field("VmHWM")))],
                    name: "memory")
            ]
        default:
            let word = call.positionals[0].text ?? call.positionals[0].description
            let hint = Suggestions.closest(to: word, among: ["settings", "data-path", "memory"])
            throw ShellError.badValue(
                name: "show", value: word,
                expected: "settings, data-path or memory" + (hint.isEmpty ? "" : " (did you mean \(hint[0])?)"))
        }
    }
}
