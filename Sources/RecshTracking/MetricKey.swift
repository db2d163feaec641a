/// MLflow key names allow only letters, digits, `_ . / - :` and space; one bad key breaks the
/// whole experiment's search in the UI. recsh's column titles become such keys.
public enum MetricKey {
    /// `NDCG@10` → `ndcg_at_10`, `P@5` → `precision_at_5`, `Cov@20` → `coverage_at_20`.
    public static func from(_ title: String) -> String {
        let names = [
            "p": "precision", "r": "recall", "hr": "hit_rate", "cov": "coverage", "ndcg": "ndcg", "mrr": "mrr",
        ]
        var text = title.lowercased()
        if let at = text.firstIndex(of: "@") {
            let head = String(text[..<at])
            text = (names[head] ?? head) + "_at_" + text[text.index(after: at)...]
        } else if let n = names[text] {
            text = n
        }
        return sanitize(text)
    }

    /// Replaces every character MLflow refuses with `_`.
    public static func sanitize(_ key: String) -> String {
        let out = String(
            key.map { c -> Character in
                c.isASCII && (c.isLetter || c.isNumber || "_./- :".contains(c)) ? c : "_"
            })
        return out.isEmpty ? "_" : out
    }

    public static func isValid(_ key: String) -> Bool { !key.isEmpty && sanitize(key) == key }
}
