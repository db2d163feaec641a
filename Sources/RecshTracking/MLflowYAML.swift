import Foundation
import Yams

/// The `meta.yaml` files of an MLflow file store: flat maps of scalars. Every string is
/// double-quoted with control characters escaped, so no value can change the document's shape.
enum MLflowYAML {
    enum Scalar {
        case string(String)
        case int(Int64)
        case null
        case emptyList
    }

    static func encode(_ fields: [(String, Scalar)]) -> Data {
        var out = ""
        for (key, value) in fields.sorted(by: { $0.0 < $1.0 }) {
            out += key + ": "
            switch value {
            case .string(let s): out += quote(s)
            case .int(let n): out += String(n)
            case .null: out += "null"
            case .emptyList: out += "[]"
            }
            out += "\n"
        }
        return Data(out.utf8)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028
                    || u.value == 0x2029 || u.value == 0xFEFF
                {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Reads a meta.yaml into a map of its top-level scalars as text; names the file and line
    /// when it is not YAML, or not a map.
    static func decode(_ data: Data, file: String) throws -> [String: String] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TrackingError.malformed(file: file, line: nil, reason: "not UTF-8 text")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw TrackingError.malformed(file: file, line: line(of: e), reason: "not valid YAML (\(summary(e)))")
        } catch {
            throw TrackingError.malformed(file: file, line: nil, reason: "not valid YAML")
        }
        guard let map = node?.mapping else {
            throw TrackingError.malformed(file: file, line: 1, reason: "expected a map of fields, as MLflow writes")
        }
        var out: [String: String] = [:]
        for (k, v) in map {
            guard let key = k.string else { continue }
            if let s = v.scalar {
                out[key] = s.string == "null" || s.string == "~" ? nil : s.string
            }
        }
        return out
    }

    static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }

    static func summary(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default: return "\(e)".split(separator: "\n").first.map(String.init) ?? "\(e)"
        }
    }
}
