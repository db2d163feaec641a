import COpenBLAS

/// The inverse of a symmetric positive definite matrix, as LAPACK's spotrf + spotri compute it,
/// but in blocks of columns with a cancellation check between blocks: one LAPACK call on a
/// 10,000 x 10,000 matrix runs for seconds and cannot be interrupted, a block takes a fraction of one.
///
/// Column-major, lower triangle (the same memory is the upper triangle read row-major). The
/// blocked steps are LAPACK's own (right-looking Cholesky, strtri's and slauum's lower branches),
/// so the flop count and the use of level-3 BLAS are the same.
enum SymmetricInverse {
    static let block = 256

    enum Failure: Error {
        case notPositiveDefinite(Int32)
        case singular(Int32)
    }

    /// Replaces the lower triangle of `a` (n x n, column-major) by the lower triangle of its inverse.
    static func invert(_ a: UnsafeMutablePointer<Float>, n: Int, isCancelled: () -> Bool) throws {
        func at(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Float> { a + i + j * n }
        let ld = Int32(n)
        var info: Int32 = 0
        // The diagonal blocks are factored here, not by LAPACK's spotrf/strtri/slauum: those take
        // another (parallel) path when OpenBLAS has more than one thread, so their last bits, and
        // EASE's near-ties, followed the core count; and their single-threaded path faulted on
        // unaligned blocks after XGBoost's OpenMP pool had run. The level-3 calls between the
        // blocks split the output, not the sums, and stay threaded.
        // 1. Cholesky: A = L Lᵀ
        for k in stride(from: 0, to: n, by: block) {
            if isCancelled() { throw ModelError.cancelled }
            let kb = Int32(min(block, n - k))
            info = DiagonalBlock.cholesky(at(k, k), n: Int(kb), ld: n)
            guard info == 0 else { throw Failure.notPositiveDefinite(info + Int32(k)) }
            let rest = Int32(n - k - Int(kb))
            if rest > 0 {
                cblas_strsm(
                    CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, rest, kb, 1, at(k, k), ld,
                    at(k + Int(kb), k), ld)
                cblas_ssyrk(
                    CblasColMajor, CblasLower, CblasNoTrans, rest, kb, -1, at(k + Int(kb), k), ld, 1,
                    at(k + Int(kb), k + Int(kb)), ld)
            }
        }
        // 2. W = L⁻¹, from the last block column to the first
        for j in stride(from: (n - 1) / block * block, through: 0, by: -block) {
            if isCancelled() { throw ModelError.cancelled }
            let jb = Int32(min(block, n - j))
            let below = Int32(n - j - Int(jb))
            if below > 0 {
                let tail = j + Int(jb)
                cblas_strmm(
                    CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, below, jb, 1, at(tail, tail), ld,
                    at(tail, j), ld)
                cblas_strsm(
                    CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, below, jb, -1, at(j, j), ld,
                    at(tail, j), ld)
            }
            info = DiagonalBlock.invertTriangle(at(j, j), n: Int(jb), ld: n)
            guard info == 0 else { throw Failure.singular(info + Int32(j)) }
        }
        // 3. A⁻¹ = Wᵀ W
        for i in stride(from: 0, to: n, by: block) {
            if isCancelled() { throw ModelError.cancelled }
            let ib = Int32(min(block, n - i))
            let left = Int32(i)
            let below = Int32(n - i - Int(ib))
            if left > 0 {
                cblas_strmm(
                    CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, ib, left, 1, at(i, i), ld, at(i, 0),
                    ld)
            }
            DiagonalBlock.lowerGram(at(i, i), n: Int(ib), ld: n)
            if below > 0 {
                let tail = i + Int(ib)
                if left > 0 {
                    cblas_sgemm(
                        CblasColMajor, CblasTrans, CblasNoTrans, ib, left, below, 1, at(tail, i), ld, at(tail, 0), ld,
                        1, at(i, 0), ld)
                }
                cblas_ssyrk(CblasColMajor, CblasLower, CblasTrans, ib, below, 1, at(tail, i), ld, 1, at(i, i), ld)
            }
        }
    }
}

extension SymmetricInverse {
    /// The full inverse of the symmetric positive definite `g` (n x n), in place, with failures
    /// as messages naming `model`: the ridge solve of EASE and SLIST. Serialised with the other
    /// BLAS users, and stopped within a block when `control` is cancelled.
    static func invertFull(_ g: inout [Float], n: Int, model: String, control: FitControl) throws {
        do {
            try BLAS.serially {
                try g.withUnsafeMutableBufferPointer {
                    try invert($0.baseAddress!, n: n, isCancelled: control.isCancelled)
                }
            }
        } catch Failure.notPositiveDefinite(let info) {
            throw ModelError.noData("\(model): the Gram matrix is not positive definite (at column \(info))")
        } catch Failure.singular(let info) {
            throw ModelError.noData("\(model): inversion failed (at column \(info))")
        }
        try control.checkCancelled()
        // LAPACK is column-major: "L" filled the lower triangle in column-major, i.e. the upper in
        // row-major; mirror it so the inverse is full and symmetric
        for i in 0..<n { for j in 0..<i { g[i * n + j] = g[j * n + i] } }
    }
}
