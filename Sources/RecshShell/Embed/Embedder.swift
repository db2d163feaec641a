import Foundation
import RecshEmbed

/// Many texts through MiniLM for the session: its threads, its progress bar, Ctrl-C.
enum Embedder {
    static func embed(_ texts: [String], model: MiniLM, threads: Int, session: Session) throws -> [[Float]] {
        let cancellation = session.cancellation
        let bar = session.progress
        let total = texts.count
        guard
            let flat = model.embed(
                batch: texts, threads: threads, isCancelled: { cancellation.isRequested },
                progress: { n in
                    bar?.update("train embed", fraction: Double(n) / Double(total), detail: "\(n)/\(total) films")
                })
        else { throw ShellError.cancelled }
        bar?.finish()
        let h = MiniLM.hidden
        return (0..<total).map { Array(flat[($0 * h)..<(($0 + 1) * h)]) }
    }
}
