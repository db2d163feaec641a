import Testing

@testable import RecshShell

@Suite("Command language")
struct CommandParserTests {
    @Test("Words, numbers, quoted strings, options, lists and ranges")
    func values() throws {
        let calls = try CommandParser.parse(
            #"recommend user=12 k=5,10,20 years=1990..1999 genre="Sci-Fi" exclude-seen=yes"#)
        #expect(calls.count == 1)
        let c = calls[0]
        #expect(c.name == "recommend")
        #expect(c.option("user") == .number(12, text: "12"))
        #expect(c.option("k") == .list([.number(5, text: "5"), .number(10, text: "10"), .number(20, text: "20")]))
        #expect(c.option("years") == .range(.number(1990, text: "1990"), .number(1999, text: "1999")))
        #expect(c.option("genre") == .string("Sci-Fi"))
        #expect(c.option("exclude-seen") == .word("yes"))
    }

    @Test("Positionals: TMDB numbers, ml: ids, quoted titles with escapes")
    func positionals() throws {
        let c = try CommandParser.parse(#"movie 1366 ml:1954 "say \"hi\"\n""#)[0]
        #expect(c.positionals == [.number(1366, text: "1366"), .word("ml:1954"), .string("say \"hi\"\n")])
    }

    @Test("Comments and semicolons; quotes protect both")
    func commentsAndSeparators() throws {
        let calls = try CommandParser.parse(#"load ml-100k; search "a;b # c" # trailing comment"#)
        #expect(calls.map(\.name) == ["load", "search"])
        #expect(calls[1].positionals == [.string("a;b # c")])
        #expect(try CommandParser.parse("# only a comment").isEmpty)
        #expect(try CommandParser.parse("   ").isEmpty)
        #expect(try CommandParser.parse("info;;info").count == 2)
    }

    @Test("Paths with .. stay words, not ranges")
    func paths() throws {
        let c = try CommandParser.parse("load ../shared/datasets/ml-100k/u.data")[0]
        #expect(c.positionals == [.word("../shared/datasets/ml-100k/u.data")])
    }

    @Test(
        "Syntax errors point a caret at the offending token",
        arguments: [
            (#"search "unterminated"#, "has no closing", 7),
            ("train svd factors=", "has no value", 10),
            ("popular years=1990..", "a range needs both ends", 14),
            ("set k=5 k=6", "given twice", 8),
            (#"search "a\q""#, "unknown escape", 9),
            ("=5", "needs a name", 0),
            ("5 info", "command word", 0),
        ])
    func syntaxErrors(line: String, message: String, column: Int) {
        do {
            _ = try CommandParser.parse(line)
            Issue.record("\(line) must not parse")
        } catch let e as SyntaxError {
            #expect(e.message.contains(message), "\(e.message)")
            #expect(e.column == column)
            let lines = e.description.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(
                lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) } == column + 2)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("Did-you-mean suggestions by edit distance")
    func suggestions() {
        #expect(Suggestions.closest(to: "lod", among: ["load", "info", "movie"]) == ["load"])
        #expect(Suggestions.closest(to: "serach", among: ["search", "set", "show"]).first == "search")
        #expect(Suggestions.closest(to: "zzzzzz", among: ["load", "info"]).isEmpty)
    }
}
