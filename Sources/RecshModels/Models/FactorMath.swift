import COpenBLAS
import Foundation

/// Small dense kernels for the factor models, over contiguous row-major `[Float]` buffers.
enum FactorMath {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var s0 = SIMD8<Float>()
        var s1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            s0 +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            s1 +=
                ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
            i += 16
        }
        if i + 8 <= n {
            s0 +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = (s0 + s1).sum()
        while i < n {
            s += a[i] * b[i]
            i += 1
        }
        return s
    }

    /// y += a * x over n floats.
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let rx = UnsafeRawPointer(x)
        let ry = UnsafeMutableRawPointer(y)
        let va = SIMD8<Float>(repeating: a)
        var i = 0
        while i + 8 <= n {
            let v =
                ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) + va
                * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            y[i] += a * x[i]
            i += 1
        }
    }

    /// The rows of a row-major matrix scaled to unit length (zero rows stay zero), for cosine.
    static func unitRows(_ m: [Float], rows: Int, stride k: Int) -> [Float] {
        var out = m
        for r in 0..<rows {
            var n: Float = 0
            for f in 0..<k { n += out[r * k + f] * out[r * k + f] }
            let inv = n > 0 ? 1 / n.squareRoot() : 0
            for f in 0..<k { out[r * k + f] *= inv }
        }
        return out
    }

    /// out[rows x cols] = A[rows x k] · Bᵀ where B is [cols x k], all row-major.
    static func multiplyTransposed(
        _ a: UnsafePointer<Float>, rows: Int, _ b: UnsafePointer<Float>, cols: Int, k: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(cols), Int32(k), 1, a, Int32(k), b, Int32(k), 0,
            out, Int32(cols))
    }

    /// G = Yᵀ Y for Y [n x k] row-major; G is k x k.
    ///
    /// Not OpenBLAS: its result depends on the kernel it picks for the CPU (and on
    /// OPENBLAS_CORETYPE), and ALS's conjugate gradient carries a last-bit difference in G into
    /// visibly different factors. Here rows are summed in 16 fixed chunks, each in row order, and
    /// the chunks in chunk order, so G is the same on every machine and for any thread count.
    static func gram(_ y: UnsafePointer<Float>, rows n: Int, k: Int, into g: UnsafeMutablePointer<Float>) {
        let chunks = 16
        var partial = [Float](repeating: 0, count: chunks * k * k)
        partial.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            Parallel.forEach(chunks) { c in
                let acc = base + c * k * k
                for r in (n * c / chunks)..<(n * (c + 1) / chunks) {
                    let row = y + r * k
                    for a in 0..<k {
                        let ya = row[a]
                        if ya == 0 { continue }
                        let dst = acc + a * k
                        for b in a..<k { dst[b] += ya * row[b] }
                    }
                }
            }
            for a in 0..<k {
                for b in a..<k {
                    var sum: Float = 0
                    for c in 0..<chunks { sum += base[c * k * k + a * k + b] }
                    g[a * k + b] = sum
                    g[b * k + a] = sum
                }
            }
        }
    }
}

/// One LAPACK factorisation at a time in this process: each already uses every core, and two at
/// once (EASE fitted by two parallel tests) only compete for them and for memory.
enum BLAS {
    private static let lock = NSLock()

    static func serially<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
