import COpenBLAS

/// Small dense kernels for the factor models, over contiguous row-major `[Float]` buffers.
enum FactorMath {
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= n {
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
            i += 4
        }
        while i < n { s0 += a[i] * b[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// out[rows x cols] = A[rows x k] · Bᵀ where B is [cols x k], all row-major.
    static func multiplyTransposed(_ a: UnsafePointer<Float>, rows: Int, _ b: UnsafePointer<Float>, cols: Int, k: Int, into out: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(cols), Int32(k), 1, a, Int32(k), b, Int32(k), 0, out, Int32(cols))
    }

    /// G = Yᵀ Y for Y [n x k] row-major; G is k x k.
    static func gram(_ y: UnsafePointer<Float>, rows n: Int, k: Int, into g: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(k), Int32(n), 1, y, Int32(k), y, Int32(k), 0, g, Int32(k))
    }
}
