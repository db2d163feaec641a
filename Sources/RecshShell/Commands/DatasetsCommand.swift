import RecshData

/// `datasets`: the datasets loaded in this session.
struct DatasetsCommand: ShellCommand {
    let spec = CommandSpec(
        name: "datasets", group: .data, summary: "list the loaded datasets (the current one is marked *)",
        usage: "datasets", examples: ["datasets"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        var table = Table(columns: [
            .init("", key: "current"), .init("Name"), .init("Ratings", right: true), .init("Films", right: true),
            .init("Format"), .init("File"),
        ])
        for d in s.datasets {
            table.rows.append([
                .text(d.name == s.currentName ? "*" : ""), .text(d.name), .int(d.ratings.count), .int(d.movies.count),
                .text(d.format.rawValue), .text(d.shownFile),
            ])
        }
        var blocks: [OutputBlock] = [.table(table, name: "datasets")]
        if let t = s.tmdb {
            blocks.append(.text("TMDB metadata: \(Format.grouped(t.detailedCount)) films", name: "tmdb"))
        }
        return blocks
    }
}

/// `use NAME`: makes a loaded dataset the current one.
struct UseCommand: ShellCommand {
    let spec = CommandSpec(
        name: "use", group: .data, summary: "make a loaded dataset the current one",
        usage: "use NAME", arguments: 1...1, examples: ["use ml-100k"], completes: .loadedDatasets)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard let name = call.positionals[0].text else { throw call.usageError(spec, what: "a dataset name") }
        try context.session.use(name)
        return [.text("Current dataset: \(name)")]
    }
}
