import COpenBLAS
import Foundation
import RecshMath

/// all-MiniLM-L6-v2: a 6-layer BERT (hidden 384, 12 heads, FFN 1536, post-LayerNorm), mean pooling
/// over every token, then L2 normalisation. Immutable once loaded; `embed` is safe from any thread.
public struct MiniLM: Sendable {
    public static let hidden = 384
    static let heads = 12
    static let ffn = 1536
    static let layerCount = 6

    struct Layer: Sendable {
        var qkv: [Float]  // [3·384, 384]: query, key and value stacked, one product for all three
        var qkvBias: [Float]
        var attnOut: [Float]
        var attnOutBias: [Float]
        var ln1g: [Float]
        var ln1b: [Float]
        var up: [Float]
        var upBias: [Float]
        var down: [Float]
        var downBias: [Float]
        var ln2g: [Float]
        var ln2b: [Float]
    }

    let words: [Float]
    let positions: [Float]
    let tokenType: [Float]
    let embLNg: [Float]
    let embLNb: [Float]
    let layers: [Layer]
    public let tokenizer: WordPiece

    public init(weights w: SafeTensors, tokenizer: WordPiece) throws {
        let h = Self.hidden
        words = try w.floats("embeddings.word_embeddings.weight", shape: [30522, h])
        positions = try w.floats("embeddings.position_embeddings.weight", shape: [512, h])
        tokenType = Array(try w.floats("embeddings.token_type_embeddings.weight", shape: [2, h]).prefix(h))
        embLNg = try w.floats("embeddings.LayerNorm.weight", shape: [h])
        embLNb = try w.floats("embeddings.LayerNorm.bias", shape: [h])
        layers = try (0..<Self.layerCount).map { i in
            let p = "encoder.layer.\(i)."
            func f(_ n: String, _ s: [Int]) throws -> [Float] { try w.floats(p + n, shape: s) }
            return Layer(
                qkv: try f("attention.self.query.weight", [h, h]) + f("attention.self.key.weight", [h, h])
                    + f("attention.self.value.weight", [h, h]),
                qkvBias: try f("attention.self.query.bias", [h]) + f("attention.self.key.bias", [h])
                    + f("attention.self.value.bias", [h]),
                attnOut: try f("attention.output.dense.weight", [h, h]),
                attnOutBias: try f("attention.output.dense.bias", [h]),
                ln1g: try f("attention.output.LayerNorm.weight", [h]),
                ln1b: try f("attention.output.LayerNorm.bias", [h]),
                up: try f("intermediate.dense.weight", [Self.ffn, h]),
                upBias: try f("intermediate.dense.bias", [Self.ffn]),
                down: try f("output.dense.weight", [h, Self.ffn]), downBias: try f("output.dense.bias", [h]),
                ln2g: try f("output.LayerNorm.weight", [h]), ln2b: try f("output.LayerNorm.bias", [h]))
        }
        self.tokenizer = tokenizer
    }

    /// Buffers for a group of sequences of up to `rows` tokens in all (each at most `maxLength`),
    /// reused across groups by one thread.
    public final class Scratch {
        let rows: Int
        var x: [Float]
        var qkv: [Float]
        var scores: [Float]
        var context: [Float]
        var tmp: [Float]
        var ffn: [Float]
        public init(maxLength: Int = 256, rows: Int = 1024) {
            self.rows = max(rows, maxLength)
            let r = self.rows
            x = .init(repeating: 0, count: r * MiniLM.hidden)
            qkv = .init(repeating: 0, count: r * 3 * MiniLM.hidden)
            scores = .init(repeating: 0, count: maxLength * maxLength)
            context = .init(repeating: 0, count: r * MiniLM.hidden)
            tmp = .init(repeating: 0, count: r * MiniLM.hidden)
            ffn = .init(repeating: 0, count: r * MiniLM.ffn)
        }
    }

    /// The unit-length embedding of a text, written to `out` (384 floats).
    public func embed(_ text: String, scratch: Scratch, into out: UnsafeMutablePointer<Float>) {
        embed(group: [tokenizer.encode(text)], scratch: scratch, into: [out])
    }

    /// The unit-length embedding of one text (a query), with buffers of its own.
    public func embedding(of text: String) -> [Float] {
        var out = [Float](repeating: 0, count: Self.hidden)
        let scratch = Scratch(maxLength: tokenizer.maxLength, rows: tokenizer.maxLength)
        out.withUnsafeMutableBufferPointer { embed(text, scratch: scratch, into: $0.baseAddress!) }
        return out
    }

    /// C = A · Bᵀ + bias (row-major): A is m×k, B is n×k (a PyTorch Linear weight).
    @inline(__always)
    static func linear(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
        _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int
    ) {
        for r in 0..<m { (c + r * n).update(from: bias, count: n) }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(k), 1, c,
            Int32(n))
    }

    /// Several texts at once: their tokens are stacked, so every linear layer is one large product,
    /// while attention, and so each embedding, stays within its own text (no padding, no mask).
    /// The group's tokens must fit the scratch's rows.
    public func embed(group: [[Int32]], scratch s: Scratch, into outs: [UnsafeMutablePointer<Float>]) {
        let h = Self.hidden
        let n = group.reduce(0) { $0 + $1.count }
        precondition(n <= s.rows, "a group of \(n) tokens exceeds the scratch's \(s.rows) rows")
        let dh = h / Self.heads
        let scale = 1 / Float(dh).squareRoot()
        var starts: [Int] = []
        var at = 0
        for ids in group {
            starts.append(at)
            at += ids.count
        }
        s.x.withUnsafeMutableBufferPointer { xb in
            let x = xb.baseAddress!
            for (g, ids) in group.enumerated() {
                for (t, id) in ids.enumerated() {
                    let row = x + (starts[g] + t) * h
                    for j in 0..<h { row[j] = words[Int(id) * h + j] + positions[t * h + j] + tokenType[j] }
                }
            }
            FastMath.layerNorm(x, rows: n, cols: h, gamma: embLNg, beta: embLNb)
            for L in layers {
                s.qkv.withUnsafeMutableBufferPointer { qb in
                    s.scores.withUnsafeMutableBufferPointer { sb in
                        s.context.withUnsafeMutableBufferPointer { cb in
                            let sc = sb.baseAddress!
                            L.qkv.withUnsafeBufferPointer { w in
                                L.qkvBias.withUnsafeBufferPointer { b in
                                    Self.linear(
                                        x, w.baseAddress!, b.baseAddress!, qb.baseAddress!, m: n, n: 3 * h, k: h)
                                }
                            }
                            // per text and head: softmax(Q Kᵀ / √d) V, reading Q, K and V in place (row stride 3·384)
                            for (g, ids) in group.enumerated() {
                                let len = ids.count
                                let qkv = qb.baseAddress! + starts[g] * 3 * h
                                let ctx = cb.baseAddress! + starts[g] * h
                                for head in 0..<Self.heads {
                                    cblas_sgemm(
                                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(len), Int32(len), Int32(dh),
                                        scale,
                                        qkv + head * dh, Int32(3 * h), qkv + h + head * dh, Int32(3 * h), 0, sc,
                                        Int32(len))
                                    FastMath.softmaxRows(sc, rows: len, cols: len)
                                    cblas_sgemm(
                                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(len), Int32(dh), Int32(len), 1,
                                        sc,
                                        Int32(len), qkv + 2 * h + head * dh, Int32(3 * h), 0, ctx + head * dh, Int32(h))
                                }
                            }
                        }
                    }
                }
                s.context.withUnsafeBufferPointer { cb in
                    s.tmp.withUnsafeMutableBufferPointer { tb in
                        L.attnOut.withUnsafeBufferPointer { w in
                            L.attnOutBias.withUnsafeBufferPointer { b in
                                Self.linear(
                                    cb.baseAddress!, w.baseAddress!, b.baseAddress!, tb.baseAddress!, m: n, n: h, k: h)
                            }
                        }
                        for i in 0..<(n * h) { x[i] += tb[i] }
                    }
                }
                FastMath.layerNorm(x, rows: n, cols: h, gamma: L.ln1g, beta: L.ln1b)
                s.ffn.withUnsafeMutableBufferPointer { fb in
                    s.tmp.withUnsafeMutableBufferPointer { tb in
                        L.up.withUnsafeBufferPointer { w in
                            L.upBias.withUnsafeBufferPointer { b in
                                Self.linear(x, w.baseAddress!, b.baseAddress!, fb.baseAddress!, m: n, n: Self.ffn, k: h)
                            }
                        }
                        FastMath.gelu(fb.baseAddress!, n * Self.ffn)
                        L.down.withUnsafeBufferPointer { w in
                            L.downBias.withUnsafeBufferPointer { b in
                                Self.linear(
                                    fb.baseAddress!, w.baseAddress!, b.baseAddress!, tb.baseAddress!, m: n, n: h,
                                    k: Self.ffn)
                            }
                        }
                        for i in 0..<(n * h) { x[i] += tb[i] }
                    }
                }
                FastMath.layerNorm(x, rows: n, cols: h, gamma: L.ln2g, beta: L.ln2b)
            }
            // per text: the mean over its tokens, then unit length
            for (g, ids) in group.enumerated() {
                let out = outs[g]
                for j in 0..<h { out[j] = 0 }
                for t in 0..<ids.count { for j in 0..<h { out[j] += x[(starts[g] + t) * h + j] } }
                var norm: Float = 0
                for j in 0..<h {
                    out[j] /= Float(ids.count)
                    norm += out[j] * out[j]
                }
                let inv = 1 / max(norm.squareRoot(), 1e-12)
                for j in 0..<h { out[j] *= inv }
            }
        }
    }
}
