import Foundation

/// Paths shared by the data tests: the real datasets beside the checkout and scratch folders.
enum TestPaths {
    /// The package root, from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `shared/datasets` beside the checkout (or `$RECSH_SHARED_DATASETS`).
    static var datasets: String {
        if let env = ProcessInfo.processInfo.environment["RECSH_SHARED_DATASETS"] { return env }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }

    static func dataset(_ name: String) -> String { (datasets as NSString).appendingPathComponent(name) }

    /// A fresh temporary folder.
    static func scratch(_ label: String = #function) -> String {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "recsh-test-\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` (or raw bytes) to `name` inside `dir` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: String) -> String {
        write(Data(text.utf8), to: name, in: dir)
    }

    @discardableResult
    static func write(_ data: Data, to name: String, in dir: String) -> String {
        let p = (dir as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: p, contents: data)
        return p
    }
}
