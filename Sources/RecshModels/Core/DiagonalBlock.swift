/// LAPACK's unblocked steps (spotf2, strti2, slauu2, lower triangle, column-major) on one
/// diagonal block of `SymmetricInverse`, summed in Double in a fixed order: the same bits on
/// every machine and for any thread count.
enum DiagonalBlock {
    /// L with L Lᵀ = A in the lower triangle of the n x n block at `a` (leading dimension `ld`);
    /// 0, or the 1-based column where A is not positive definite.
    static func cholesky(_ a: UnsafeMutablePointer<Float>, n: Int, ld: Int) -> Int32 {
        for j in 0..<n {
            var d = Double(a[j + j * ld])
            for p in 0..<j { d -= Double(a[j + p * ld]) * Double(a[j + p * ld]) }
            guard d > 0, d.isFinite else { return Int32(j + 1) }
            let root = d.squareRoot()
            a[j + j * ld] = Float(root)
            for i in (j + 1)..<max(j + 1, n) {
                var x = Double(a[i + j * ld])
                for p in 0..<j { x -= Double(a[i + p * ld]) * Double(a[j + p * ld]) }
                a[i + j * ld] = Float(x / root)
            }
        }
        return 0
    }

    /// L⁻¹ in place of the lower triangular L; 0, or the 1-based column of a zero diagonal.
    static func invertTriangle(_ a: UnsafeMutablePointer<Float>, n: Int, ld: Int) -> Int32 {
        var column = [Double](repeating: 0, count: n)
        for j in stride(from: n - 1, through: 0, by: -1) {
            let diagonal = Double(a[j + j * ld])
            guard diagonal != 0 else { return Int32(j + 1) }
            let inverse = 1 / diagonal
            a[j + j * ld] = Float(inverse)
            // column j below the diagonal: -inverse * (L⁻¹ of the trailing block) · L[j+1..., j]
            for i in (j + 1)..<max(j + 1, n) { column[i] = Double(a[i + j * ld]) }
            for i in (j + 1)..<max(j + 1, n) {
                var x = 0.0
                for p in (j + 1)...i { x += Double(a[i + p * ld]) * column[p] }
                a[i + j * ld] = Float(-inverse * x)
            }
        }
        return 0
    }

    /// Lᵀ L in place of the lower triangle of L (row by row, so each entry is read before it is overwritten).
    static func lowerGram(_ a: UnsafeMutablePointer<Float>, n: Int, ld: Int) {
        for i in 0..<n {
            for j in 0...i {
                var x = 0.0
                for p in i..<n { x += Double(a[p + i * ld]) * Double(a[p + j * ld]) }
                a[i + j * ld] = Float(x)
            }
        }
    }
}
