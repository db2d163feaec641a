import COpenBLAS
import Foundation
import RecshMath

/// C[m x n] (+)= op(A) · op(B), row-major, with explicit leading dimensions.
@inline(__always)
func gemm(
    _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
    _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
        1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

extension GRU4RecTraining {
    /// One forward and backward pass over a batch of sequences, then an Adam step.
    static func step(
        _ seqs: [ArraySlice<Int32>], weights w: inout GRU4RecModel.Weights, adam: inout Adam,
        buffers f: inout BatchBuffers, settings s: GRU4RecModel.Settings, rng: inout SeededGenerator
    ) {
        guard gradients(seqs, weights: w, buffers: &f, settings: s, rng: &rng) != nil else { return }
        adam.t += 1
        adam.update(0, &w.input, f.gInput)
        adam.update(1, &w.gatesX, f.gGatesX)
        adam.update(2, &w.gatesH, f.gGatesH)
        adam.update(3, &w.bias, f.gBias)
        adam.update(4, &w.output, f.gOutput)
        adam.update(5, &w.outputBias, f.gOutputBias)
    }

    /// The batch's mean cross-entropy, with its gradients left in `f.g*`; nil for a batch with
    /// no step to predict.
    static func gradients(
        _ seqs: [ArraySlice<Int32>], weights w: GRU4RecModel.Weights, buffers f: inout BatchBuffers,
        settings s: GRU4RecModel.Settings, rng: inout SeededGenerator
    ) -> Float? {
        let d = s.hidden
        let n = w.outputBias.count
        let bsz = seqs.count
        let steps = (seqs.map(\.count).max() ?? 1) - 1
        guard steps > 0 else { return nil }
        let rows = steps * bsz
        let scale = 1 / (1 - s.dropout)
        // inputs, targets and the loss mask, step-major
        var item = [Int](repeating: 0, count: rows)
        var target = [Int](repeating: -1, count: rows)
        for (b, seq) in seqs.enumerated() {
            let a = Array(seq)
            for t in 0..<(a.count - 1) {
                item[t * bsz + b] = Int(a[t])
                target[t * bsz + b] = Int(a[t + 1])
            }
        }
        let valid = target.filter { $0 >= 0 }.count
        // forward
        for b in 0..<(bsz * d) { f.hPrev[b] = 0 }
        for t in 0..<steps {
            let o = t * bsz * d
            for b in 0..<bsz {
                for j in 0..<d { f.x[o + b * d + j] = w.input[item[t * bsz + b] * d + j] }
            }
            if t > 0 { for j in 0..<(bsz * d) { f.hPrev[o + j] = f.out[o - bsz * d + j] } }
            f.x.withUnsafeBufferPointer { x in
                f.hPrev.withUnsafeBufferPointer { hp in
                    gemm(false, false, bsz, 3 * d, d, x.baseAddress! + o, d, w.gatesX, 3 * d, 0, &f.gates, 3 * d)
                    gemm(false, false, bsz, 2 * d, d, hp.baseAddress! + o, d, w.gatesH, 3 * d, 0, &f.gh, 3 * d)
                }
            }
            for b in 0..<bsz {
                for j in 0..<d {
                    let k = o + b * d + j
                    f.z[k] = FastMath.sigmoid(f.gates[b * 3 * d + j] + f.gh[b * 3 * d + j] + w.bias[j])
                    f.r[k] = FastMath.sigmoid(f.gates[b * 3 * d + d + j] + f.gh[b * 3 * d + d + j] + w.bias[d + j])
                    f.rh[k] = f.r[k] * f.hPrev[k]
                }
            }
            f.rh.withUnsafeBufferPointer { rh in
                w.gatesH.withUnsafeBufferPointer { wh in
                    f.gh.withUnsafeMutableBufferPointer { gh in
                        gemm(
                            false, false, bsz, d, d, rh.baseAddress! + o, d, wh.baseAddress! + 2 * d, 3 * d, 0,
                            gh.baseAddress! + 2 * d, 3 * d)
                    }
                }
            }
            for b in 0..<bsz {
                for j in 0..<d {
                    let k = o + b * d + j
                    let c = FastMath.tanh(
                        f.gates[b * 3 * d + 2 * d + j] + f.gh[b * 3 * d + 2 * d + j] + w.bias[2 * d + j])
                    f.candidate[k] = c
                    f.out[k] = (1 - f.z[k]) * f.hPrev[k] + f.z[k] * c
                }
            }
        }
        // dropout on the output, then the logits of every step against every film
        var dropped = [Float](repeating: 0, count: rows * d)
        for k in 0..<(rows * d) {
            f.keep[k] = Float(rng.next() >> 40) / Float(1 << 24) >= s.dropout ? scale : 0
            dropped[k] = f.out[k] * f.keep[k]
        }
        gemm(false, true, rows, n, d, dropped, d, w.output, d, 0, &f.logits, n)
        let inv = 1 / Float(max(1, valid))
        var loss: Float = 0
        f.logits.withUnsafeMutableBufferPointer { l in
            for q in 0..<rows {
                let row = l.baseAddress! + q * n
                guard target[q] >= 0 else {
                    row.update(repeating: 0, count: n)
                    continue
                }
                var m = -Float.greatestFiniteMagnitude
                for i in 0..<n {
                    row[i] += w.outputBias[i]
                    m = max(m, row[i])
                }
                var sum: Float = 0
                for i in 0..<n {
                    let e = FastMath.expNonPositive(row[i] - m)
                    row[i] = e
                    sum += e
                }
                loss += (logf(sum) - logf(max(row[target[q]], .leastNormalMagnitude))) * inv
                let norm = inv / sum
                for i in 0..<n { row[i] *= norm }
                row[target[q]] -= inv
            }
        }
        // output layer gradients, and the gradient reaching each step's state
        gemm(true, false, n, d, rows, f.logits, n, dropped, d, 0, &f.gOutput, d)
        for i in 0..<n { f.gOutputBias[i] = 0 }
        for q in 0..<rows where target[q] >= 0 { for i in 0..<n { f.gOutputBias[i] += f.logits[q * n + i] } }
        gemm(false, false, rows, d, n, f.logits, n, w.output, d, 0, &f.dH, d)
        for k in 0..<(rows * d) { f.dH[k] *= f.keep[k] }
        backward(item, steps: steps, batch: bsz, weights: w, buffers: &f, d: d)
        return loss
    }
}

extension GRU4RecTraining {
    /// Backpropagation through time: from the last step to the first, the gradient of each
    /// state (from its logits and from the step after it) into the gates, the weights and the
    /// input embeddings.
    static func backward(
        _ item: [Int], steps: Int, batch bsz: Int, weights w: GRU4RecModel.Weights, buffers f: inout BatchBuffers,
        d: Int
    ) {
        for i in f.gInput.indices { f.gInput[i] = 0 }
        for i in f.gGatesX.indices { f.gGatesX[i] = 0 }
        for i in f.gGatesH.indices { f.gGatesH[i] = 0 }
        for i in f.gBias.indices { f.gBias[i] = 0 }
        for i in f.dNext.indices { f.dNext[i] = 0 }
        let g3 = 3 * d
        w.gatesH.withUnsafeBufferPointer { whp in
            let wh = whp.baseAddress!
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let o = t * bsz * d
                for b in 0..<bsz {
                    for j in 0..<d {
                        let k = o + b * d + j
                        let dh = f.dH[k] + f.dNext[b * d + j]
                        let z = f.z[k]
                        let c = f.candidate[k]
                        f.dG[b * g3 + j] = dh * (c - f.hPrev[k]) * z * (1 - z)
                        f.dG[b * g3 + 2 * d + j] = dh * z * (1 - c * c)
                        f.dNext[b * d + j] = dh * (1 - z)
                    }
                }
                f.dG.withUnsafeMutableBufferPointer { dgp in
                    let dg = dgp.baseAddress!
                    // through h̃ = tanh(x Wx_h + (r ∘ h) Wh_h + b_h)
                    gemm(false, true, bsz, d, d, dg + 2 * d, g3, wh + 2 * d, g3, 0, &f.dRH, d)
                    f.rh.withUnsafeBufferPointer { rh in
                        f.gGatesH.withUnsafeMutableBufferPointer { gh in
                            gemm(
                                true, false, d, d, bsz, rh.baseAddress! + o, d, dg + 2 * d, g3, 1,
                                gh.baseAddress! + 2 * d, g3)
                        }
                    }
                    for b in 0..<bsz {
                        for j in 0..<d {
                            let k = o + b * d + j
                            let r = f.r[k]
                            dg[b * g3 + d + j] = f.dRH[b * d + j] * f.hPrev[k] * r * (1 - r)
                            f.dNext[b * d + j] += f.dRH[b * d + j] * r
                        }
                    }
                    // z and r see the previous state
                    f.hPrev.withUnsafeBufferPointer { hp in
                        gemm(true, false, d, 2 * d, bsz, hp.baseAddress! + o, d, dg, g3, 1, &f.gGatesH, g3)
                    }
                    gemm(false, true, bsz, d, 2 * d, dg, g3, wh, g3, 1, &f.dNext, d)
                    // every gate sees the input embedding
                    f.x.withUnsafeBufferPointer { x in
                        gemm(true, false, d, g3, bsz, x.baseAddress! + o, d, dg, g3, 1, &f.gGatesX, g3)
                    }
                    gemm(false, true, bsz, d, g3, dg, g3, w.gatesX, g3, 0, &f.dX, d)
                    for b in 0..<bsz {
                        for j in 0..<g3 { f.gBias[j] += dg[b * g3 + j] }
                        let e = item[t * bsz + b] * d
                        for j in 0..<d { f.gInput[e + j] += f.dX[b * d + j] }
                    }
                }
            }
        }
    }
}
