import Foundation
import Testing

@testable import RecshIntent

/// A protocol fixture: a local server that speaks /v1/chat/completions the way an OpenAI-compatible
/// endpoint does, answering what each test asks of it. It is not a language model.
final class ChatFixture: @unchecked Sendable {
    // Unchecked: the process handle is only touched by the test that made it.
    let process = Process()
    let port: Int

    /// mode: "good" answers an intent, "fenced" the same in ```json fences, "garbage" non-JSON content,
    /// "error" HTTP 500, "slow" sleeps 3 s.
    init(mode: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import http.server, json, sys, time
            mode = sys.argv[1]
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_POST(self):
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    assert self.path == "/v1/chat/completions" and body["messages"][1]["role"] == "user"
                    if mode == "slow": time.sleep(3)
                    if mode == "error":
                        self.send_response(500); self.end_headers(); return
                    intent = {"genres": ["horror", "Vampire"], "exclude_genres": [], "year_min": 1990, "year_max": 1999,
                              "moods": [], "people": [], "like": [6, 999999], "text": ""}
                    content = json.dumps(intent)
                    if mode == "fenced": content = "```json\\n" + content + "\\n```"
                    if mode == "garbage": content = "I think you want horror!"
                    out = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
                    self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers()
                    self.wfile.write(out)
            s = http.server.HTTPServer(("127.0.0.1", 0), H); print(s.server_address[1], flush=True); s.serve_forever()
            """,
            mode,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    deinit { kill(process.processIdentifier, SIGKILL) }

    func parser(timeout: TimeInterval = 2) -> LLMIntentParser {
        LLMIntentParser(url: "http://127.0.0.1:\(port)", model: "fixture", key: "k", timeout: timeout)
    }
}

@Suite("The LLM intent parser against a protocol fixture")
struct LLMIntentParserTests {
    @Test("an answer is decoded and checked against the catalogue: unknown genres and films left out")
    func good() throws {
        for mode in ["good", "fenced"] {
            let f = try ChatFixture(mode: mode)
            let (intent, dropped) = try f.parser().parse("scary 90s", catalog: Fixture.parser.catalog)
            #expect(intent.genres == ["Horror"] && intent.yearMin == 1990 && intent.like == [6], "\(mode)")
            #expect(dropped == ["Vampire"])
        }
    }

    @Test("garbage, an HTTP error, a timeout and a server that is down are errors the shell falls back on")
    func failures() throws {
        let garbage = try ChatFixture(mode: "garbage")
        #expect(throws: IntentError.self) { try garbage.parser().parse("x", catalog: Fixture.parser.catalog) }
        let error = try ChatFixture(mode: "error")
        #expect(throws: IntentError.llm("http://127.0.0.1:\(error.port)/v1/chat/completions answered HTTP 500")) {
            try error.parser().parse("x", catalog: Fixture.parser.catalog)
        }
        let slow = try ChatFixture(mode: "slow")
        let started = Date()
        #expect(throws: IntentError.self) { try slow.parser(timeout: 0.5).parse("x", catalog: Fixture.parser.catalog) }
        #expect(Date().timeIntervalSince(started) < 2.5)
        let down = LLMIntentParser(url: "http://127.0.0.1:9", model: "m", key: nil, timeout: 1)
        #expect(throws: IntentError.self) { try down.parse("x", catalog: Fixture.parser.catalog) }
    }
}
