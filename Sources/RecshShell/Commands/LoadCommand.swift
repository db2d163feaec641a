import Foundation
import RecshData

/// `load NAME|PATH`: reads a MovieLens dataset, TMDB metadata, or any ratings file.
struct LoadCommand: ShellCommand {
    let spec = CommandSpec(
        name: "load", group: .data,
        summary: "load a MovieLens dataset, TMDB metadata, or a ratings file",
        usage: "load NAME|PATH [strict=yes|no] [as=NAME] | load artifacts DIR",
        arguments: 1...2,
        options: [
            OptionSpec(
                "strict", "yes|no", default: "the strict setting (yes)",
                "stop at the first malformed line, or skip bad lines and count them", values: ["yes", "no"]),
            OptionSpec("as", "NAME", "the name the dataset gets in this session"),
        ],
        examples: [
            "load ml-latest-small", "load tmdb", "load ../data/ratings.dat strict=no as=synth",
            "load artifacts artifacts/v1",
        ],
        details: """
            Names: \(KnownDataset.all.map(\.name).joined(separator: ", ")). A name is looked for in $RECSH_DATA, ./Data, \
            the project's Data/ folder and the shared datasets folder beside the checkout (show data-path lists them); \
            where none has it, the official GroupLens zip is downloaded into the first of them, its md5 checked, and unpacked.
            A PATH may be a folder or a ratings file: u.data (tab-separated), ratings.dat ('::') or ratings.csv (header). \
            Movies, links and tags beside it are read too.
            Repeated (user, movie) pairs keep the latest rating; an empty file is an error.
            load artifacts DIR brings back the models an export wrote, after checking every file's sha256; a missing, \
            truncated or altered file refuses the folder and nothing is loaded.
            """,
        completes: .datasetNames)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let session = context.session
        guard let target = call.positionals[0].text else {
            throw ShellError.badValue(
                name: "load", value: call.positionals[0].description, expected: "a dataset name or a path")
        }
        let strict = try call.bool("strict", default: session.settings.strict)
        let cancellation = session.cancellation
        let options = LoadOptions(strict: strict, isCancelled: { cancellation.isRequested })
        let started = Date()

        if target.lowercased() == "artifacts" {
            guard call.positionals.count == 2, let dir = call.positionals[1].text else {
                throw call.usageError(spec, what: "the artifact folder: load artifacts DIR")
            }
            let loaded = try ArtifactLoader.load(dir)
            for m in loaded.models { session.store(m) }
            var lines = [
                "Loaded \(loaded.models.count) model\(loaded.models.count == 1 ? "" : "s") from \(dir) (\(loaded.manifest.dataset.name), exported \(loaded.manifest.created) by recsh \(loaded.manifest.recsh_version)): "
                    + loaded.models.map { "\($0.name) (\($0.family.rawValue))" }.joined(separator: ", ")
                    + " · \(Format.duration(Date().timeIntervalSince(started)))"
            ]
            lines += loaded.skipped.map { "  note: " + $0 }
            if let e = try ArtifactLoader.embeddings(loaded, dir: dir) {
                session.attachments["embed"] = e
                lines.append(
                    "  the MiniLM vectors of \(Format.grouped(e.itemIds.count)) films, with their HNSW index: "
                        + "similar and recommend by=embed use them")
            }
            if session.currentName != loaded.manifest.dataset.name {
                lines.append("  note: load \(loaded.manifest.dataset.name) to ask questions of them")
            }
            return [.text(lines.joined(separator: "\n"))]
        }
        guard call.positionals.count == 1 else { throw ShellError.tooManyArguments(command: "load", usage: spec.usage) }

        if target.lowercased() == "tmdb" || isTMDBFolder(target) {
            let folder = isTMDBFolder(target) ? target : try locate(KnownDataset.named("tmdb")!, session: session)
            let catalog = try TMDBLoader.load(folder: folder, options: options)
            session.attach(catalog)
            return [.text(tmdbReport(catalog, session: session, seconds: Date().timeIntervalSince(started)))]
        }

        let path: String
        var name = try call.text("as")
        if let known = KnownDataset.named(target) {
            path = try locate(known, session: session)
            name = name ?? known.name
        } else if FileManager.default.fileExists(atPath: target) {
            path = target
        } else {
            let suggestions = Suggestions.closest(to: target, among: KnownDataset.all.map(\.name))
            throw ShellError.failed(
                "'\(target)' is neither a dataset name nor an existing file or folder"
                    + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?")
                    + " (known names: \(KnownDataset.all.map(\.name).joined(separator: ", ")))")
        }
        var dataset = try MovieLensLoader.load(path: path, name: name, options: options)
        if KnownDataset.named(target) != nil {
            dataset.shownFile =
                (path as NSString).lastPathComponent + "/" + (dataset.ratingsFile as NSString).lastPathComponent
        }
        try session.cancellation.check()
        session.add(dataset)
        let loaded = session.current!
        var lines = [datasetReport(loaded, seconds: Date().timeIntervalSince(started))]
        lines += loaded.notes.map { "  note: " + $0 }
        return [.text(lines.joined(separator: "\n"))]
    }

    func isTMDBFolder(_ path: String) -> Bool {
        TMDBLoader.files.prefix(2).contains {
            FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent($0))
        }
    }

    /// Finds a named dataset on the search path, downloading it when it can be downloaded.
    func locate(_ known: KnownDataset, session: Session) throws -> String {
        if let dir = session.searchPath.find(known) { return dir }
        guard known.archive != nil else {
            throw DataError.datasetNotFound(
                name: known.name, searched: session.searchPath.existingFolders,
                hint:
                    "It cannot be downloaded: put its files (\(TMDBLoader.files.joined(separator: ", "))) in a '\(known.folder)' folder there, or set RECSH_DATA."
            )
        }
        var downloader = session.downloader
        if let bar = session.progress {
            downloader.progress = { done, total in
                bar.update(
                    "downloading \(known.archive!)", fraction: total.map { Double(done) / Double($0) },
                    detail: String(format: "%.1f MB", Double(done) / 1e6))
            }
        }
        defer { session.progress?.finish() }
        do {
            return try downloader.fetch(known, into: session.searchPath.downloadFolder)
        } catch DataError.downloadFailed(let url, let reason) {
            throw DataError.datasetNotFound(
                name: known.name, searched: session.searchPath.existingFolders,
                hint:
                    "Downloading \(url) failed (\(reason)); put the unpacked '\(known.folder)' folder in one of those folders, or set RECSH_DATA."
            )
        }
    }

    func datasetReport(_ d: Dataset, seconds: Double) -> String {
        let (users, rated) = d.ratings.distinctCounts()
        var parts = [
            "\(Format.grouped(d.ratings.count)) ratings", "\(Format.grouped(users)) users",
            "\(Format.grouped(rated)) films rated",
        ]
        if d.movies.count > 0 {
            var catalogue = "\(Format.grouped(d.movies.count)) in the catalogue"
            if d.movies.hasTMDBLinks { catalogue += ", \(Format.grouped(d.movies.linkedCount)) linked to TMDB" }
            parts.append(catalogue)
        }
        if d.tagCount > 0 { parts.append("\(Format.grouped(d.tagCount)) tags") }
        return "Loaded \(d.name) (\(d.format.rawValue) format): " + parts.joined(separator: " · ")
            + " · \(Format.duration(seconds))"
    }

    func tmdbReport(_ c: TMDBCatalog, session: Session, seconds: Double) -> String {
        var line =
            "Loaded TMDB metadata: \(Format.grouped(c.detailedCount)) films with details, keywords for \(Format.grouped(c.movies.values.filter { !$0.keywords.isEmpty }.count)) ("
            + c.sources.map { "\($0.file) \(Format.grouped($0.rows))" }.joined(separator: ", ")
            + ") · \(Format.duration(seconds))"
        if let d = session.current {
            var linked = 0
            var overview = 0
            var cast = 0
            for m in d.movies.movies {
                guard let t = m.tmdbId else { continue }
                linked += 1
                if let meta = c[t] {
                    if !meta.overview.isEmpty { overview += 1 }
                    if !meta.cast.isEmpty && !meta.directors.isEmpty { cast += 1 }
                }
            }
            line +=
                "\n  \(d.name): \(Format.grouped(linked)) films linked to TMDB, \(Format.grouped(overview)) with an overview, \(Format.grouped(cast)) with cast and director"
        }
        return line
    }
}
