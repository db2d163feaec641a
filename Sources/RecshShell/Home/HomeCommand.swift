import Foundation
import RecshModels

/// `home user=ID`: the rows of a user's home page, each film with its reason.
struct HomeCommand: ShellCommand {
    let spec = CommandSpec(
        name: "home", group: .models, summary: "a user's home page: five rows of films, none twice, each with a reason",
        usage: "home user=ID [k=8]",
        options: [
            OptionSpec("user", "ID", "a MovieLens user id (an unknown one gets popular and genre rows)"),
            OptionSpec("k", "N", default: "8", "films per row"),
        ],
        examples: ["home user=12", "feedback user=12 like 1; home user=12 k=5"],
        details:
            "Rows: Because you watched TITLE (the user's latest film, by an item-item model), Popular right now (positives weighted by exp(-age/30 days) at the data's last timestamp), Similar to your taste (als, else bpr, ease or knn), From your recent intent (the sequence model, train seq), Mixed discovery (the ranker's or community model's top films re-ordered by MMR over genres, lambda 0.5). A like or a watch (feedback) changes the first and the fourth on the next call. eval home reports the pages' intra-list diversity and catalogue coverage."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        _ = try s.requireDataset()
        let user = try call.userId(spec)
        let k = try call.int("k", default: 8, in: 1...50)
        let page = HomeBuilder(inputs: try s.homeInputs(), k: k).page(
            user: user, feedback: s.feedback[user] ?? UserFeedback())
        var blocks: [OutputBlock] = []
        if let note = page.note { blocks.append(.text("note: \(note)", name: "note")) }
        for row in page.rows {
            var t = Table(
                title: row.title + (page.fallback ? " (fallback)" : ""),
                columns: [
                    .init("#", key: "rank", right: true), .init("ML id", key: "movielens_id", right: true),
                    .init("Title"), .init("Year", right: true), .init("Reason"),
                ])
            for (i, f) in row.films.enumerated() {
                let year: Cell = f.year.map { .id($0) } ?? .absent("")
                let cells: [Cell] = [.int(i + 1), .id(Int(f.movielensId)), .text(f.title), year, .text(f.reason)]
                t.rows.append(cells)
            }
            blocks.append(.table(t, name: row.kind))
        }
        return blocks
    }
}

extension Invocation {
    /// The `user=ID` a command requires, as a MovieLens user id.
    func userId(_ spec: CommandSpec) throws -> Int32 {
        guard let value = option("user") else { throw usageError(spec, what: "user=ID") }
        guard let uid = value.integer, let user = Int32(exactly: uid) else {
            throw ShellError.badValue(name: "user", value: value.description, expected: "a MovieLens user id")
        }
        return user
    }
}
