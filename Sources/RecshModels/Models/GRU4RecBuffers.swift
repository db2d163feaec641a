import Foundation

/// Adam over a list of parameter arrays (Kingma & Ba, β 0.9 / 0.999, ε 1e-8).
struct Adam {
    var m: [[Float]]
    var v: [[Float]]
    var t = 0
    let lr: Float

    init(sizes: [Int], lr: Float) {
        m = sizes.map { [Float](repeating: 0, count: $0) }
        v = sizes.map { [Float](repeating: 0, count: $0) }
        self.lr = lr
    }

    mutating func update(_ k: Int, _ p: inout [Float], _ g: [Float]) {
        let c1 = 1 - powf(0.9, Float(t))
        let c2 = 1 - powf(0.999, Float(t))
        let a = lr * c2.squareRoot() / c1
        m[k].withUnsafeMutableBufferPointer { m in
            v[k].withUnsafeMutableBufferPointer { v in
                for i in 0..<p.count {
                    m[i] = 0.9 * m[i] + 0.1 * g[i]
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                    p[i] -= a * m[i] / (v[i].squareRoot() + 1e-8)
                }
            }
        }
    }
}

/// The activations of a batch, kept for the backward pass; rows are step-major (t · batch + b).
struct BatchBuffers {
    var x, hPrev, z, r, rh, candidate, out, keep: [Float]
    var logits: [Float]
    var gates, gh, dH, dNext, dG, dRH, dX: [Float]
    var gInput, gGatesX, gGatesH, gBias, gOutput, gOutputBias: [Float]

    init(batch: Int, steps: Int, hidden d: Int, items n: Int) {
        let rows = batch * steps * d
        (x, hPrev, z, r, rh, candidate, out, keep) = (
            [Float](repeating: 0, count: rows), [Float](repeating: 0, count: rows),
            [Float](repeating: 0, count: rows), [Float](repeating: 0, count: rows),
            [Float](repeating: 0, count: rows), [Float](repeating: 0, count: rows),
            [Float](repeating: 0, count: rows), [Float](repeating: 0, count: rows)
        )
        logits = [Float](repeating: 0, count: batch * steps * n)
        gates = [Float](repeating: 0, count: batch * 3 * d)
        gh = [Float](repeating: 0, count: batch * 3 * d)
        dH = [Float](repeating: 0, count: rows)
        dNext = [Float](repeating: 0, count: batch * d)
        dG = [Float](repeating: 0, count: batch * 3 * d)
        dRH = [Float](repeating: 0, count: batch * d)
        dX = [Float](repeating: 0, count: batch * d)
        gInput = [Float](repeating: 0, count: n * d)
        gGatesX = [Float](repeating: 0, count: 3 * d * d)
        gGatesH = [Float](repeating: 0, count: 3 * d * d)
        gBias = [Float](repeating: 0, count: 3 * d)
        gOutput = [Float](repeating: 0, count: n * d)
        gOutputBias = [Float](repeating: 0, count: n)
    }
}
