/// Path arithmetic on strings, in plain Swift.
///
/// Foundation's `NSString.deletingLastPathComponent` on Linux (swift 6.3) traps on a path with no
/// slash ("notes.html", "é"), which the fuzzer found as a crash of `report NAME`; these never trap.
public enum PathText {
    /// Everything before the last component, without the trailing slash: "a/b/c" -> "a/b",
    /// "c" -> "", "/c" -> "/".
    public static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var folder = p[..<slash]
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        return String(folder)
    }

    /// The last component: "a/b/c.rec" -> "c.rec", "a/b/" -> "b".
    public static func name(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// `folder/name`, or `name` when the folder is empty.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
    }
}
