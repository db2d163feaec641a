/// What went wrong in vector search, in words a user can act on.
public enum VectorError: Error, CustomStringConvertible, Equatable {
    /// hnswlib refused: building, searching, reading or writing an index.
    case index(String)
    /// A vector set or a query of the wrong shape.
    case shape(String)
    /// Ctrl-C while an index was being built.
    case cancelled

    public var description: String {
        switch self {
        case .index(let m): return m
        case .shape(let m): return m
        case .cancelled: return "cancelled: no index was built"
        }
    }
}
