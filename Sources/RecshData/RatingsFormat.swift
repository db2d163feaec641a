import Foundation

/// The on-disk layouts of MovieLens ratings that recsh reads.
public enum RatingsFormat: String, Sendable, CaseIterable {
    /// ML-100K `u.data`: `user<TAB>item<TAB>rating<TAB>timestamp`.
    case tabSeparated = "u.data"
    /// ML-1M/10M `ratings.dat`: `user::item::rating::timestamp`.
    case doubleColon = "ratings.dat"
    /// ML-20M/25M/latest `ratings.csv` with a `userId,movieId,rating,timestamp` header.
    case csv = "ratings.csv"

    /// The separator bytes between fields.
    var separator: [UInt8] {
        switch self {
        case .tabSeparated: return [0x09]
        case .doubleColon: return [0x3A, 0x3A]
        case .csv: return [0x2C]
        }
    }

    /// What a well-formed line looks like, for error messages.
    var expectedLine: String {
        switch self {
        case .tabSeparated: return "4 tab-separated fields (user id, movie id, rating, timestamp)"
        case .doubleColon: return "4 '::'-separated fields (user id, movie id, rating, timestamp)"
        case .csv: return "4 comma-separated fields (userId,movieId,rating,timestamp)"
        }
    }

    /// The rating range the protocols use for this layout: half stars only in the CSV editions.
    /// The ratings a strict load accepts: ML-100K stars 1 to 5; ML-1M/10M (`::`, half stars from
    /// ML-10M on) and the CSV editions 0.5 to 5.
    public var acceptedRatings: ClosedRange<Float> {
        self == .tabSeparated ? 1...5 : 0.5...5
    }

    public var ratingScale: ClosedRange<Float> {
        self == .csv ? 0.5...5 : 1...5
    }

    /// Tells the format from the file name and its first line.
    public static func detect(path: String, firstLine: String) throws -> RatingsFormat {
        let line = firstLine.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.contains("::") { return .doubleColon }
        if line.contains("\t") { return .tabSeparated }
        if line.contains(",") { return .csv }
        let name = (path as NSString).lastPathComponent
        if line.isEmpty {
            if name.hasSuffix(".dat") { return .doubleColon }
            if name.hasSuffix(".csv") { return .csv }
            if name == "u.data" || name.hasSuffix(".base") || name.hasSuffix(".test") { return .tabSeparated }
        }
        throw DataError.unknownFormat(file: path, firstLine: line)
    }
}
