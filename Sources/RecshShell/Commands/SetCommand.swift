/// `set key=value ...`: changes session settings.
struct SetCommand: ShellCommand {
    let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "set", group: .session, summary: "change settings: seed, threads, k, format, strict",
            usage: "set KEY=VALUE ... | set spark.conf.KEY=VALUE",
            options: Settings.specs.map {
                OptionSpec($0.name, $0.allowed, default: Settings().value(of: $0.name), $0.summary, values: $0.values)
            },
            examples: ["set format=json", "set k=20 seed=7", "set spark.conf.spark.executor.memory=8g"],
            details:
                "set spark.conf.KEY=VALUE passes --conf KEY=VALUE to every Spark job (train als engine=spark, recommend all engine=spark); an empty value (\"\") takes the key back to recsh's default. docs/spark.md lists the defaults.",
            completes: .settings)
        // spark.conf.* keys are open-ended: Spark's, checked by Settings.set
        spec.openOptionPrefixes = [Settings.sparkConfPrefix]
        return spec
    }()

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard !call.options.isEmpty else { throw call.usageError(spec, what: "at least one KEY=VALUE") }
        var settings = context.session.settings
        for (key, value) in call.options { try settings.set(key, to: value) }
        context.session.settings = settings
        return [.text(call.options.map { "\($0.key) = \(settings.value(of: $0.key) ?? "")" }.joined(separator: "\n"))]
    }
}
