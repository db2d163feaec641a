import Foundation
import RecshShell

/// An error answered as `{"error": {"status": N, "message": "..."}}` with its HTTP status.
public struct APIError: Error, CustomStringConvertible, Sendable {
    public var status: Int
    public var message: String

    public var description: String { "\(status): \(message)" }

    static func malformed(_ m: String) -> APIError { APIError(status: 400, message: m) }
    static func invalid(_ field: String, _ m: String) -> APIError { APIError(status: 422, message: "\(field): \(m)") }
    static func notFound(_ m: String) -> APIError { APIError(status: 404, message: m) }

    init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    init(_ e: ServingError) {
        switch e {
        case .notFound(let m): self.init(status: 404, message: m)
        case .invalid(let field, let m): self.init(status: 422, message: "\(field): \(m)")
        }
    }
}

/// Any JSON value, decoded strictly: `true` is not a number and `1` is not a boolean.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double(let d):
            return d == d.rounded() && abs(d) >= 9.2e18
                ? "an integer too large for 64 bits" : "a number with a fraction"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The fields of a JSON request body, read with messages that name the field.
struct RequestBody {
    let fields: [String: JSONValue]

    /// Parses `data`: malformed JSON is a 400, anything but an object or an unknown field a 422.
    init(_ data: Data, allowed: Set<String>) throws {
        guard !data.isEmpty else { throw APIError.malformed("the request body is empty: send a JSON object") }
        if let offset = StrictJSON.trailingComma(in: data) {
            throw APIError.malformed(
                "the request body is not valid JSON: a comma before a closing bracket at byte \(offset)")
        }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw APIError.malformed("the request body is not valid JSON")
        }
        guard case .object(let o) = value else {
            throw APIError.invalid("body", "expected a JSON object, got \(value.kind)")
        }
        if let unknown = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid(unknown, "unknown field; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
        fields = o
    }

    func int(_ name: String, in range: ClosedRange<Int>, default value: Int? = nil) throws -> Int {
        guard let v = fields[name], v.isPresent else {
            if let value { return value }
            throw APIError.invalid(name, "is required (an integer)")
        }
        if case .double(let d) = v, d == d.rounded() {
            // a whole number too large for Int was decoded as a Double
            throw APIError.invalid(
                name, "\(String(format: "%.0f", d)) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        guard case .int(let i) = v else { throw APIError.invalid(name, "expected an integer, got \(v.kind)") }
        guard range.contains(i) else {
            throw APIError.invalid(name, "\(i) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return i
    }

    func optionalInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = fields[name], v.isPresent else { return nil }
        return try int(name, in: range)
    }

    func bool(_ name: String, default value: Bool) throws -> Bool {
        guard let v = fields[name], v.isPresent else { return value }
        guard case .bool(let b) = v else { throw APIError.invalid(name, "expected true or false, got \(v.kind)") }
        return b
    }

    func string(_ name: String, oneOf allowed: [String]) throws -> String {
        guard let v = fields[name], v.isPresent else {
            throw APIError.invalid(name, "is required: one of \(allowed.joined(separator: ", "))")
        }
        guard case .string(let s) = v else { throw APIError.invalid(name, "expected a string, got \(v.kind)") }
        guard allowed.contains(s) else {
            throw APIError.invalid(name, "'\(s)' is not one of \(allowed.joined(separator: ", "))")
        }
        return s
    }

    /// A required string, such as a question in words.
    func text(_ name: String) throws -> String {
        guard let v = fields[name], v.isPresent else { throw APIError.invalid(name, "is required (a string)") }
        guard case .string(let s) = v else { throw APIError.invalid(name, "expected a string, got \(v.kind)") }
        return s
    }

    func strings(_ name: String) throws -> [String] {
        guard let v = fields[name], v.isPresent else { return [] }
        switch v {
        case .array(let a):
            return try a.map { e in
                guard case .string(let s) = e else { throw APIError.invalid(name, "expected strings, got \(e.kind)") }
                return s
            }
        default: throw APIError.invalid(name, "expected an array of strings, got \(v.kind)")
        }
    }
}

extension JSONValue {
    var isPresent: Bool { if case .null = self { return false } else { return true } }
}

/// What Foundation's JSON parser lets through and RFC 8259 does not.
enum StrictJSON {
    /// The offset of a `,` that is followed (after white space) by `}` or `]`, outside strings.
    static func trailingComma(in data: Data) -> Int? {
        var inString = false
        var escaped = false
        var lastComma: Int?
        for (i, c) in data.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if c == 0x5C {
                    escaped = true
                } else if c == 0x22 {
                    inString = false
                }
                continue
            }
            switch c {
            case 0x22:
                inString = true
                lastComma = nil
            case 0x2C: lastComma = i
            case 0x7D, 0x5D: if let comma = lastComma { return comma }
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: lastComma = nil
            }
        }
        return nil
    }
}

/// Limits shared by the endpoints and the OpenAPI document.
enum Limits {
    static let k = 1...100
    static let id = 1...Int(Int32.max)
    static let year = 1800...2100
    static let body = 64 * 1024
}
