/// Vectorisable kernels of the forward pass: branch-free polynomials the compiler turns into SIMD
/// (haswell: AVX2 and FMA), because calling libm's `expf` or `erff` per value costs as much as the
/// matrix products.
public enum FastMath {
    /// exp(x) for x ≤ 0 (softmax after subtracting the row max): 2^n · p(r) with r in [-ln2/2, ln2/2].
    @inline(__always) public static func expNonPositive(_ x: Float) -> Float {
        let clamped = max(x, -87)
        let n = (clamped * 1.442695041 - 0.5).rounded(.up)
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let e = p * r * r + r + 1
        return e * Float(bitPattern: UInt32(bitPattern: Int32(n) + 127) << 23)
    }

    /// erf(x) as x·P(x²)/Q(x²) on [-4, 4] (±1 beyond), accurate to a few float ulps.
    @inline(__always) public static func erf(_ x: Float) -> Float {
        let c = min(max(x, -4), 4)
        let x2 = c * c
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return c * p / q
    }

    /// The logistic function, branch-free: exp of −|x| only, so the polynomial's range holds.
    @inline(__always) public static func sigmoid(_ x: Float) -> Float {
        let e = expNonPositive(-abs(x))
        let inv = 1 / (1 + e)
        return x >= 0 ? inv : e * inv
    }

    /// tanh(x) = 2σ(2x) − 1.
    @inline(__always) public static func tanh(_ x: Float) -> Float { 2 * sigmoid(2 * x) - 1 }

    /// GELU in BERT's erf form, in place: x · (1 + erf(x / √2)) / 2.
    public static func gelu(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = p[i]
            p[i] = 0.5 * x * (1 + erf(x * 0.70710678118654752))
        }
    }

    /// Softmax of each row of a rows × cols block, in place.
    public static func softmaxRows(_ p: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let row = p + r * cols
            var m = -Float.greatestFiniteMagnitude
            for j in 0..<cols { m = max(m, row[j]) }
            var sum: Float = 0
            for j in 0..<cols {
                let e = expNonPositive(row[j] - m)
                row[j] = e
                sum += e
            }
            let inv = 1 / sum
            for j in 0..<cols { row[j] *= inv }
        }
    }

    /// LayerNorm of each row (eps 1e-12), in place, with the learned scale and shift.
    public static func layerNorm(_ p: UnsafeMutablePointer<Float>, rows: Int, cols: Int, gamma: [Float], beta: [Float])
    {
        gamma.withUnsafeBufferPointer { g in
            beta.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = p + r * cols
                    var mean: Float = 0
                    for j in 0..<cols { mean += row[j] }
                    mean /= Float(cols)
                    var v: Float = 0
                    for j in 0..<cols {
                        let d = row[j] - mean
                        v += d * d
                    }
                    let inv = 1 / (v / Float(cols) + 1e-12).squareRoot()
                    for j in 0..<cols { row[j] = (row[j] - mean) * inv * g[j] + b[j] }
                }
            }
        }
    }
}
