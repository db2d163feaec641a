import Foundation

/// `timeit [n=N] [for=SECONDS] "COMMAND"`: runs a command N times (or for a while) without
/// printing it and reports latency.
struct TimeitCommand: ShellCommand {
    let spec = CommandSpec(
        name: "timeit", group: .session, summary: "time a command over repeated runs (mean, p50, p99)",
        usage: "timeit [n=100] [for=SECONDS] \"COMMAND\"", arguments: 1...1,
        options: [
            OptionSpec("n", "N", default: "100", "how many runs"),
            OptionSpec(
                "for", "SECONDS", default: "none",
                "run for this long instead (n= then caps the runs, default 1,000,000)"),
        ],
        examples: ["timeit n=1000 \"similar 1366\"", "timeit \"recommend user=12\"", "timeit for=30 \"similar 1366\""])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard case .string(let line) = call.positionals[0] else {
            throw ShellError.badValue(
                name: "timeit", value: call.positionals[0].description, expected: "the command in double quotes")
        }
        let seconds = try call.double("for", in: 0.01...86_400, unit: " seconds")
        let limit = try call.int("n", default: seconds == nil ? 100 : 1_000_000, in: 1...1_000_000)
        let parsed = try CommandParser.parse(line)
        guard parsed.count == 1, parsed[0].name != "timeit" else {
            throw ShellError.failed("timeit runs exactly one command (not timeit itself)")
        }
        let shell = context.shell
        // one untimed run surfaces errors and warms caches (and trains a default model if needed)
        _ = try shell.run(parsed[0])
        let deadline = seconds.map { DispatchTime.now().uptimeNanoseconds + UInt64($0 * 1e9) }
        var times: [Double] = []
        times.reserveCapacity(seconds == nil ? limit : 4096)
        for _ in 0..<limit {
            try context.session.cancellation.check()
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try shell.run(parsed[0])
            let t1 = DispatchTime.now().uptimeNanoseconds
            times.append(Double(t1 - t0) / 1e9)
            // tested after a run, so a command slower than for= is still timed once
            if let deadline, t1 >= deadline { break }
        }
        times.sort()
        let n = times.count
        let mean = times.reduce(0, +) / Double(n)
        func pct(_ p: Double) -> Double { times[min(n - 1, Int((Double(n) * p).rounded(.up)) - 1)] }
        return [
            .record(
                [
                    ("command", .text(line)), ("runs", .int(n)), ("mean", .volatile(ms(mean))),
                    ("p50", .volatile(ms(pct(0.5)))),
                    ("p99", .volatile(ms(pct(0.99)))), ("max", .volatile(ms(times.last!))),
                ], name: "timing")
        ]
    }

    func ms(_ s: Double) -> String { String(format: "%.3fms", s * 1000) }
}
