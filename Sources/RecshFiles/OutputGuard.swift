import Foundation

/// A kind of file recsh writes, recognised afterwards by a mark it puts near the start.
public struct OutputKind: Sendable {
    /// How messages name it: "a recsh transcript".
    public let name: String
    /// Any one of these byte strings in the first 4 KiB marks the file as recsh's.
    public let marks: [String]
    /// What the person can do instead, ending the refusal message.
    public let hint: String

    public init(name: String, marks: [String], hint: String) {
        self.name = name
        self.marks = marks
        self.hint = hint
    }

    public static let transcript = OutputKind(
        name: "a recsh transcript", marks: ["# recsh transcript"],
        hint: "choose another name, or move the file away first")
    /// `report` and `monitor html=` pages carry `<meta name="generator" content="recsh">`.
    public static let htmlPage = OutputKind(
        name: "a recsh page", marks: ["<meta name=\"generator\" content=\"recsh\">", "<div class=\"meta\">recsh "],
        hint: "choose another file name, or move the file away first")
    /// The meta tag every page recsh writes carries, so a later write recognises it.
    public static let htmlGeneratorTag = "<meta name=\"generator\" content=\"recsh\">"
}

/// The rule every command that writes follows: it replaces only its own earlier output.
public enum OutputGuard {
    /// Throws unless `path` may be written as `kind`: nothing is there yet, an empty file, or a
    /// file carrying one of the kind's marks. A folder, a device or someone else's file is refused.
    public static func checkReplaceable(_ path: String, as kind: OutputKind) throws {
        switch PathKind(path) {
        case .missing, .regular(size: 0): return
        case .regular:
            guard let head = readHead(path) else {
                throw FileError.system(path, "read", code: errno)
            }
            if kind.marks.contains(where: { head.range(of: Data($0.utf8)) != nil }) { return }
            throw FileError.notOurs(path: path, found: "a file", hint: kind.hint)
        case let other:
            throw FileError.wrongKind(path: path, found: other.described, expected: "a file name for \(kind.name)")
        }
    }

    /// Throws unless `path` may hold a folder recsh writes: nothing there, an empty folder, or a
    /// folder `isOurs` recognises (an earlier export, say). `what` names the folder's kind.
    public static func checkReplaceableFolder(_ path: String, what: String, hint: String, isOurs: (String) -> Bool)
        throws
    {
        switch PathKind(path) {
        case .missing: return
        case .directory:
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if entries.isEmpty || isOurs(path) { return }
            let shown = entries.sorted().prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", ..." : "")
            throw FileError.notOurs(
                path: path, found: "a folder of \(entries.count) entr\(entries.count == 1 ? "y" : "ies") (\(shown))",
                hint: hint)
        case let other:
            throw FileError.wrongKind(path: path, found: other.described, expected: "a folder for \(what)")
        }
    }

    static func readHead(_ path: String) -> Data? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        return (try? h.read(upToCount: 4096)) ?? Data()
    }
}
