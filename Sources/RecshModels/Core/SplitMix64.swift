/// The protocol's deterministic hash (PROTOCOL.md): splitmix64's finaliser.
@inlinable
public func splitmix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A small deterministic generator for model initialisation (seeded from the session's seed).
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return splitmix64(state &- 0x9E37_79B9_7F4A_7C15)
    }
    /// A draw from 0..<n by the high half of a 64 x 64-bit product (Lemire 2019): a multiply
    /// where `next() % n` divides, and the bias is below 2^-40 for n under 2^24.
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }
    /// A standard normal draw (Box-Muller).
    public mutating func normal() -> Float {
        let u1 = max(Float.leastNormalMagnitude, Float.random(in: 0..<1, using: &self))
        let u2 = Float.random(in: 0..<1, using: &self)
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
