import Foundation
import Testing

@testable import RecshShell

@Suite("Home rows on ml-100k", .serialized)
struct HomeTests {
    static let shell: TestShell = {
        let t = TestShell()
        t.run("load ml-100k")
        for family in ["knn", "als", "seq"] { t.run("train \(family)") }
        return t
    }()

    @Test("five rows, each film once and with a reason; a like moves Because you watched and the recent intent")
    func rows() throws {
        let t = Self.shell
        let page = try t.session.homeInputs()
        let built = HomeBuilder(inputs: page, k: 6).page(user: 12, feedback: UserFeedback())
        #expect(built.rows.map(\.kind) == ["because", "popular", "taste", "intent", "discovery"])
        #expect(built.rows.allSatisfy { $0.films.count == 6 && $0.films.allSatisfy { !$0.reason.isEmpty } })
        #expect(Set(built.films).count == built.films.count, "a film on two rows")
        // nothing the user rated
        let rated = t.session.ratedItems(user: 12)
        #expect(built.films.allSatisfy { !rated.contains($0) })
        let before = t.run("home user=12 k=6")
        #expect(before.contains("Because you watched Philadelphia"), "\(before)")
        #expect(before.contains("Popular right now") && before.contains("liked by many lately"))
        #expect(t.run("feedback user=12 like 1").contains("User 12: like Toy Story (1995)"))
        let after = t.run("home user=12 k=6")
        #expect(after.contains("Because you watched Toy Story"))
        #expect(after.contains("next after Toy Story"))
        #expect(!after.contains("Toy Story (1995)") || !after.contains("    1  Toy Story"))
        t.session.feedback = [:]
    }

    @Test("an unknown user gets popular and genre rows, marked fallback, with a note")
    func unknownUser() {
        let out = Self.shell.run("home user=99999 k=3")
        #expect(out.contains("note: user 99999 has no history here"))
        #expect(out.contains("Popular right now (fallback)"))
        #expect(out.contains("Popular in Drama (fallback)"))
    }

    @Test("eval home: intra-list diversity per row and over the page, and catalogue coverage")
    func diversity() throws {
        let out = Self.shell.run("eval home k=5")
        #expect(out.contains("Home pages of 943 users of ml-100k, 5 films a row"))
        let discovery = try #require(out.split(separator: "\n").first { $0.hasPrefix("discovery") })
        let because = try #require(out.split(separator: "\n").first { $0.hasPrefix("because") })
        // MMR over genres: the discovery row is the most varied
        #expect(Double(discovery.split(separator: " ")[1])! > Double(because.split(separator: " ")[1])!)
        #expect(out.contains("coverage is the share of the 1,682 films"))
    }

    @Test("bad input: no user, a word for a user, an unknown event or film")
    func badInput() {
        let t = Self.shell
        #expect(t.run("home").contains("user=ID"))
        #expect(t.run("home user=abc").contains("user=abc is not valid: expected a MovieLens user id"))
        #expect(t.run("feedback user=12 love 1").contains("expected like, watched or skip"))
        #expect(t.run("feedback user=12 like 999999").contains("999999"))
    }
}
