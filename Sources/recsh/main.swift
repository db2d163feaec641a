import ArgumentParser
import Foundation
import RecshLifecycle
import RecshServer
import RecshShell

/// `recsh`: the command shell for movie recommenders.
struct Recsh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recsh",
        abstract: "A command shell for building, inspecting, comparing and serving movie recommenders.",
        discussion: "With no arguments and a terminal, opens the prompt; piped standard input is read as a script.",
        version: RecshVersion.current,
        subcommands: [Start.self, Check.self, Serve.self, Retrain.self, Embed.self, Index.self],
        defaultSubcommand: Start.self)
}

/// Runs scripts, commands or the interactive prompt.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run .rec scripts, -c commands, or the prompt (the default).")

    @Argument(help: "Scripts to run in order, in one session.")
    var files: [String] = []

    @Option(name: .customShort("c"), help: "Commands to run, separated by ';'.")
    var commands: String?

    @Flag(help: "Go on after a failing command instead of stopping.")
    var keepGoing = false

    @Flag(help: "Do not run ~/.recshrc (or $RECSH_RC) before the prompt.")
    var norc = false

    func run() throws {
        let status = Frontend.main(files: files, commands: commands, keepGoing: keepGoing, noStartupFile: norc)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Replays transcripts and compares their output.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay transcripts and compare each command's output with the recorded one.")

    @Argument(help: "Transcripts (.rec) to check.")
    var files: [String]

    @Flag(help: "Re-record the transcripts instead of failing on differences.")
    var update = false

    func run() throws {
        let status = Frontend.check(files: files, update: update)
        if status != 0 { throw ExitCode(status) }
    }
}

ServerCommands.install()
LifecycleCommands.install()
Recsh.main()
