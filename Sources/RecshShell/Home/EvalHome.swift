import Foundation
import RecshModels

/// `eval home`: every user's home page built, and its diversity measured: intra-list diversity
/// (1 − the mean genre Jaccard of a row's pairs) per row and over the page, and the share of the
/// catalogue the pages show.
enum EvalHome {
    static func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        let k = try call.int("k", default: 8, in: 2...50)
        let builder = HomeBuilder(inputs: try s.homeInputs(), k: k)
        let users = Array(Set(d.ratings.users)).sorted()
        var rowDiversity: [String: (sum: Double, n: Int)] = [:]
        var rowFilms: [String: Set<Int32>] = [:]
        var order: [String] = []
        var pageDiversity = 0.0
        var shown = Set<Int32>()
        for user in users {
            try s.cancellation.check()
            let page = builder.page(user: user, feedback: s.feedback[user] ?? UserFeedback())
            for row in page.rows {
                if rowFilms[row.kind] == nil { order.append(row.kind) }
                rowFilms[row.kind, default: []].formUnion(row.films.map(\.movielensId))
                if let ild = HomeBuilder.intraListDiversity(row.films.map(\.genres)) {
                    rowDiversity[row.kind, default: (0, 0)].sum += ild
                    rowDiversity[row.kind, default: (0, 0)].n += 1
                }
            }
            pageDiversity += HomeBuilder.intraListDiversity(page.rows.flatMap { $0.films.map(\.genres) }) ?? 0
            shown.formUnion(page.films)
        }
        let catalogue = Double(max(1, d.movies.movies.count))
        var t = Table(
            title: "Home pages of \(Format.grouped(users.count)) users of \(d.name), \(k) films a row",
            columns: [
                .init("Row"), .init("ILD", key: "intra_list_diversity", right: true),
                .init("Films shown", key: "films_shown", right: true), .init("Coverage", right: true),
            ])
        for kind in order {
            let r = rowDiversity[kind] ?? (0, 0)
            t.rows.append([
                .text(kind), .number(r.n > 0 ? r.sum / Double(r.n) : 0, digits: 3), .int(rowFilms[kind]!.count),
                .number(Double(rowFilms[kind]!.count) / catalogue, digits: 3),
            ])
        }
        t.rows.append([
            .text("page"), .number(pageDiversity / Double(max(1, users.count)), digits: 3), .int(shown.count),
            .number(Double(shown.count) / catalogue, digits: 3),
        ])
        return [
            .table(t, name: "home"),
            .text(
                "ILD is 1 − the mean genre Jaccard over a list's pairs (1: no genre shared); coverage is the share of the \(Format.grouped(Int(catalogue))) films of the catalogue the pages show",
                name: "legend"),
        ]
    }
}
