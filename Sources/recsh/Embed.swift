import ArgumentParser
import Foundation
import RecshEmbed
import RecshModels

/// `recsh embed TEXTS.txt`: one text per line through all-MiniLM-L6-v2; prints the throughput and
/// writes the vectors as a float32 .npy when asked. The benchmark's side of the comparison with
/// sentence-transformers, and a way to embed anything without a session.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Embed the lines of a text file with all-MiniLM-L6-v2 and print the throughput.")

    @Argument(help: "A UTF-8 file, one text per line.")
    var file: String

    @Option(help: "The model folder (default: $RECSH_MINILM, else Data/all-MiniLM-L6-v2).")
    var model: String?

    @Option(help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Write the vectors (lines × 384, float32) to this .npy file.")
    var out: String?

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("cannot read \(file)")
        }
        // replace only an earlier .npy, never another file: checked before any work
        if let out, let existing = FileManager.default.contents(atPath: out),
            !existing.starts(with: [0x93] + Array("NUMPY".utf8))
        {
            throw ValidationError("\(out) exists and is not a .npy file; left as it is")
        }
        let texts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
        let m: MiniLM
        do {
            m = try MiniLMFiles.load(folder: try model ?? MiniLMFiles.locate(dataFolders: ["Data"]))
        } catch let e as EmbedError { throw ValidationError(e.description) }
        let tokens = texts.reduce(0) { $0 + m.tokenizer.encode($1).count }
        let started = Date()
        let vectors = m.embed(batch: texts, threads: threads)!
        let seconds = Date().timeIntervalSince(started)
        print(
            String(
                format: "embedded %d texts (%d tokens) in %.3f s: %.1f texts/s, %d threads", texts.count, tokens,
                seconds,
                Double(texts.count) / seconds, threads))
        if let out {
            let data = NumpyArray.data(vectors, shape: [texts.count, MiniLM.hidden])
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        }
    }
}

extension Array where Element == String {
    fileprivate func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}
