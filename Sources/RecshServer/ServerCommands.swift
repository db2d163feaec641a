import RecshShell

/// The shell commands of this library: `serve`, `request`, `monitor`.
public enum ServerCommands {
    /// Makes every shell created from now on know the server commands.
    public static func install() {
        CommandRegistry.install([ServeCommand(), RequestCommand(), MonitorCommand()])
    }
}
