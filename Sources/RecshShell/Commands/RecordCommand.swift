import Foundation

/// `record [NAME|off]`: records commands and their output into `Sessions/NAME.rec`.
struct RecordCommand: ShellCommand {
    let spec = CommandSpec(
        name: "record", group: .session, summary: "record this session as a transcript in Sessions/NAME.rec",
        usage: "record [NAME|off]", arguments: 0...1,
        examples: ["record demo", "record off"],
        details: """
            Each command is written with its output as #| lines (errors as #! lines) as soon as it completes, \
            so a transcript is itself a script. recsh check FILE replays it and compares; values printed with a \
            leading ~ (durations) are ignored by the comparison. A NAME with a / or ending in .rec is used as a path.
            """,
        completes: .recordArguments)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let arg = call.positionals.first?.text
        if arg?.lowercased() == "off" {
            guard let r = s.recorder else { return [.text("Not recording.")] }
            r.close()
            s.recorder = nil
            return [.text("Stopped recording \(r.path)")]
        }
        if let r = s.recorder {
            r.close()
            s.recorder = nil
        }
        let name = arg ?? Self.timestampName()
        guard !name.isEmpty, !name.hasPrefix("-") else {
            throw ShellError.badValue(name: "record", value: name, expected: "a transcript name")
        }
        let path =
            name.contains("/") || name.hasSuffix(".rec")
            ? (name.hasSuffix(".rec") ? name : name + ".rec")
            : (s.sessionsFolder as NSString).appendingPathComponent(name + ".rec")
        let header =
            "# recsh transcript \((path as NSString).lastPathComponent)\n# Replay and compare: recsh check \(path)\n"
        s.recorder = try TranscriptRecorder(path: path, header: header)
        return [.text("Recording to \(path) (record off stops)")]
    }

    static func timestampName() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd-HHmmss"
        return "session-" + f.string(from: Date())
    }
}
