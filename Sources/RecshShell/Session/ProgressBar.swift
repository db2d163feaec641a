import Foundation
import Synchronization

/// A one-line progress bar on standard error, redrawn in place. Only made when stderr is a
/// terminal, so it never reaches transcripts, pipes or CI logs.
public final class ProgressBar: Sendable {
    /// When the bar was last drawn; fits report from several threads.
    private let lastDraw = Mutex(Date.distantPast)

    public init?() {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
    }

    /// Draws `label [█████     ] 42% detail`, at most 20 times a second.
    public func update(_ label: String, fraction: Double?, detail: String = "") {
        let now = Date()
        let due = lastDraw.withLock { last in
            guard now.timeIntervalSince(last) > 0.05 else { return false }
            last = now
            return true
        }
        guard due else { return }
        var line = "\r\u{1B}[K" + label
        if let f = fraction {
            let width = 30
            let filled = Int(max(0, min(1, f)) * Double(width))
            line +=
                " [" + String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled) + "]"
                + String(format: " %3.0f%%", f * 100)
        }
        if !detail.isEmpty { line += " " + detail }
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    /// Clears the bar's line.
    public func finish() {
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
        lastDraw.withLock { $0 = .distantPast }
    }
}
