/// A factor model that relates films by the cosine of their factors: ALS, SVD and BPR keep the
/// films' factors at unit length, `unitStride` floats a row, for "Viewers Also Liked".
protocol UnitFactorModel: Recommender {
    var unitItems: [Float] { get }
    var unitStride: Int { get }
}

extension UnitFactorModel {
    public func similarity(_ a: Int, _ b: Int) -> Float {
        let k = unitStride
        return unitItems.withUnsafeBufferPointer { y in
            FactorMath.dot(y.baseAddress! + a * k, y.baseAddress! + b * k, k)
        }
    }

    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        let k = unitStride
        unitItems.withUnsafeBufferPointer { y in
            FactorMath.multiplyTransposed(
                y.baseAddress! + item * k, rows: 1, y.baseAddress!, cols: data.items, k: k, into: out)
        }
        out[item] = -.infinity
    }
}
