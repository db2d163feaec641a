import Foundation
import RecshModels

/// The parameters `tune` varies: each a list of values (a grid axis) or a range lo..hi to sample.
struct SearchSpace {
    enum Axis {
        case values(name: String, [Value])
        /// Integers when both ends are whole numbers; floats log-uniform when lo > 0 and hi ≥ 10 lo.
        case range(name: String, lo: Double, hi: Double, integer: Bool)

        var name: String {
            switch self {
            case .values(let n, _), .range(let n, _, _, _): return n
            }
        }
    }

    /// One trial's parameters, in the order they were written.
    typealias Configuration = [(key: String, value: Value)]

    let axes: [Axis]

    /// Reads `PARAM=a,b,c` and `PARAM=lo..hi` options, each a parameter `family` takes.
    init(_ options: [(key: String, value: Value)], family: ModelFamily) throws {
        let valid = ModelOptions.specs(family).map(\.name)
        axes = try options.map { key, value in
            guard valid.contains(key) else {
                throw ShellError.unknownOption(
                    command: "tune \(family.rawValue)", option: key,
                    suggestions: Suggestions.closest(to: key, among: valid), valid: valid + TuneCommand.ownOptions)
            }
            switch value {
            case .list(let items): return .values(name: key, items)
            case .range(let a, let b):
                guard case .number(let lo, _) = a, case .number(let hi, _) = b, lo.isFinite, hi.isFinite, lo < hi else {
                    throw ShellError.badValue(
                        name: key, value: value.description, expected: "a range lo..hi of two numbers, lo below hi")
                }
                return .range(name: key, lo: lo, hi: hi, integer: a.integer != nil && b.integer != nil)
            default: return .values(name: key, [value])
            }
        }
    }

    /// The number of grid points, or nil when an axis is a range (the space is sampled).
    var gridSize: Int? {
        var n = 1
        for a in axes {
            guard case .values(_, let v) = a else { return nil }
            n *= v.count
        }
        return n
    }

    /// The trials: the whole grid in order when it has at most `trials` points (or `trials` is
    /// nil), else `trials` configurations drawn with `seed` (distinct points of a grid, or
    /// samples of the ranges).
    func configurations(trials: Int?, seed: Int) -> [Configuration] {
        var rng = SeededGenerator(seed: seed)
        if let size = gridSize {
            let all = grid()
            guard let trials, trials < size else { return all }
            var chosen = Set<Int>()
            while chosen.count < trials { chosen.insert(Int.random(in: 0..<size, using: &rng)) }
            return chosen.sorted().map { all[$0] }
        }
        return (0..<(trials ?? TuneCommand.defaultTrials)).map { _ in
            axes.map { axis -> (key: String, value: Value) in
                switch axis {
                case .values(let name, let v): return (name, v[Int.random(in: 0..<v.count, using: &rng)])
                case .range(let name, let lo, let hi, let integer):
                    if integer {
                        let n = Int.random(in: Int(lo)...Int(hi), using: &rng)
                        return (name, .number(Double(n), text: String(n)))
                    }
                    let u = Double.random(in: 0..<1, using: &rng)
                    let x = lo > 0 && hi >= 10 * lo ? exp(log(lo) + u * (log(hi) - log(lo))) : lo + u * (hi - lo)
                    let text = String(format: "%.3g", x)
                    return (name, .number(Double(text)!, text: text))
                }
            }
        }
    }

    private func grid() -> [Configuration] {
        var out: [Configuration] = [[]]
        for case .values(let name, let v) in axes {
            out = out.flatMap { prefix in v.map { prefix + [(key: name, value: $0)] } }
        }
        return out
    }
}
