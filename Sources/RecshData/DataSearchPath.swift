import Foundation

/// A dataset recsh knows by name: where it unpacks and where GroupLens publishes it.
public struct KnownDataset: Sendable, Equatable {
    public var name: String
    /// The folder the official zip unpacks to.
    public var folder: String
    /// The file whose presence says the folder holds the ratings.
    public var ratingsFile: String
    /// The zip's file name on the download server.
    public var archive: String?
    /// The published md5 of the zip; nil means "read `ARCHIVE.md5` next to the zip".
    public var md5: String?

    public static let all: [KnownDataset] = [
        KnownDataset(
            name: "ml-100k", folder: "ml-100k", ratingsFile: "u.data", archive: "ml-100k.zip",
            md5: "0e33842e24a9c977be4e0107933c0723"),
        KnownDataset(
            name: "ml-latest-small", folder: "ml-latest-small", ratingsFile: "ratings.csv",
            archive: "ml-latest-small.zip", md5: nil),
        KnownDataset(
            name: "ml-1m", folder: "ml-1m", ratingsFile: "ratings.dat", archive: "ml-1m.zip",
            md5: "c4d9eecfca2ab87c1945afe126590906"),
        KnownDataset(
            name: "ml-10m", folder: "ml-10M100K", ratingsFile: "ratings.dat", archive: "ml-10m.zip",
            md5: "ce571fd55effeba0271552578f2648bd"),
        KnownDataset(
            name: "ml-20m", folder: "ml-20m", ratingsFile: "ratings.csv", archive: "ml-20m.zip",
            md5: "cd245b17a1ae2cc31bb14903e1204af3"),
        KnownDataset(
            name: "ml-25m", folder: "ml-25m", ratingsFile: "ratings.csv", archive: "ml-25m.zip",
            md5: "6b51fb2759a8657d3bfcbfc42b592ada"),
        KnownDataset(name: "tmdb", folder: "tmdb", ratingsFile: "tmdb_5000_movies.csv", archive: nil, md5: nil),
    ]

    public static func named(_ name: String) -> KnownDataset? { all.first { $0.name == name.lowercased() } }
}

/// Where named datasets are looked for, in order: `$RECSH_DATA` (colon-separated folders), a
/// `Data/` folder in the current directory and in the project, and the shared datasets folder
/// beside the checkout.
public struct DataSearchPath: Sendable {
    public var folders: [String]
    /// Where downloads go: the first `$RECSH_DATA` folder, else `./Data`.
    public var downloadFolder: String

    public init(folders: [String], downloadFolder: String) {
        self.folders = folders
        self.downloadFolder = downloadFolder
    }

    /// The standard search path for this process.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) -> DataSearchPath {
        var folders: [String] = []
        let fromEnv = (environment["RECSH_DATA"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        folders += fromEnv
        let cwd = URL(fileURLWithPath: currentDirectory).standardizedFileURL
        folders.append(cwd.appendingPathComponent("Data").path)
        // the project is the nearest folder above the executable (or the cwd) that has a Package.swift
        var roots: [URL] = []
        for start in [
            URL(fileURLWithPath: executablePath, relativeTo: cwd).standardizedFileURL.resolvingSymlinksInPath()
                .deletingLastPathComponent(), cwd,
        ] {
            var dir = start
            while dir.path != "/" {
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                    roots.append(dir)
                    break
                }
                dir.deleteLastPathComponent()
            }
        }
        for root in roots { folders.append(root.appendingPathComponent("Data").path) }
        for base in roots + [cwd] {
            var dir = base
            while true {
                folders.append(dir.appendingPathComponent("shared/datasets").path)
                if dir.path == "/" { break }
                dir.deleteLastPathComponent()
            }
        }
        var seen = Set<String>()
        folders = folders.filter { seen.insert($0).inserted }
        return DataSearchPath(
            folders: folders, downloadFolder: fromEnv.first ?? cwd.appendingPathComponent("Data").path)
    }

    /// The folder holding a named dataset, or nil. A folder without the ratings file (the shared
    /// `ml-1m`, for one) does not count.
    public func find(_ dataset: KnownDataset) -> String? {
        for base in folders {
            let dir = (base as NSString).appendingPathComponent(dataset.folder)
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(dataset.ratingsFile)) {
                return dir
            }
        }
        return nil
    }

    /// Existing folders of the search path, for messages.
    public var existingFolders: [String] {
        folders.filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && d.boolValue
        }
    }
}
