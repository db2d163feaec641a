import Foundation
import RecshLifecycle
import RecshServer
import Testing

@testable import RecshShell

/// The reference cannot fall behind the shell: every command `help` lists has its section.
@Suite("docs/ keeps up with the shell")
struct DocsTests {
    @Test func everyCommandHasASectionInCommandsMd() throws {
        let doc = try String(
            contentsOf: TestShell.packageRoot.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        ServerCommands.install()
        LifecycleCommands.install()
        let names = CommandRegistry.standard.names
        #expect(names.count > 25)
        for name in names {
            #expect(doc.contains("\n## `\(name)`\n"), "docs/commands.md has no section for \(name)")
        }
    }

    @Test func theReadmeLinksEveryPageOfDocs() throws {
        let readme = try String(contentsOf: TestShell.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let pages = try FileManager.default.contentsOfDirectory(
            atPath: TestShell.packageRoot.appendingPathComponent("docs").path)
        for page in pages where page.hasSuffix(".md") {
            #expect(readme.contains("(docs/\(page)"), "README.md does not link docs/\(page)")
        }
    }
}
