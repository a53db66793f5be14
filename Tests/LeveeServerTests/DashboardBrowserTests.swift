import Foundation
import LeveeTestSupport
import Testing

/// The dashboard in a real headless Chromium (Tests/browser/dashboard.py, selenium driving Debian's chromium-driver):
/// pages load with replayed real payloads, filters work, a maintainer's vouch from the page changes VOUCHED.td in the
/// fake GitHub, a POST without the CSRF token is refused. Screenshots go to LEVEE_SCREENSHOTS (default
/// artifacts/screenshots). Skipped, saying so, without Chromium, unless LEVEE_REQUIRE_BROWSER=1 (`.ci/run` sets it).
@Suite(.serialized) struct DashboardBrowserTests {
    static let environment = ProcessInfo.processInfo.environment
    static let chromium = environment["LEVEE_CHROMIUM"] ?? "/usr/bin/chromium"
    static let driver = environment["LEVEE_CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
    static let available =
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: driver)
    static let required = environment["LEVEE_REQUIRE_BROWSER"] == "1"

    @Test func theDashboardWorksInHeadlessChromium() async throws {
        guard Self.available else {
            if Self.required {
                Issue.record("LEVEE_REQUIRE_BROWSER=1 but \(Self.chromium) or \(Self.driver) is missing")
            }
            return
        }
        let harness = try await Harness(dashboardToken: DashboardTests.token)
        defer { Task { await harness.stop() } }
        try await DashboardTests.populate(harness)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let screenshots =
            Self.environment["LEVEE_SCREENSHOTS"] ?? root.appendingPathComponent("artifacts/screenshots").path
        // Chromium keeps the Secure session cookie over plain HTTP on loopback (a trustworthy origin).
        let url = harness.url

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", root.appendingPathComponent("Tests/browser/dashboard.py").path, "--url", url, "--token",
            DashboardTests.token, "--screenshots", screenshots, "--chromium", Self.chromium, "--chromedriver",
            Self.driver,
        ]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("levee-browser-\(UUID()).log")
        let child = try ChildProcess(process, output: output)
        // Give up after three minutes.
        for _ in 0..<1800 where child.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        child.signal(SIGTERM)
        let status = await child.exit()
        let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: output)
        #expect(status == 0, "\(log)")
        #expect(log.contains("every step passed"))

        let list = harness.fake.contents("Codertocat/Hello-World", path: ".github/VOUCHED.td") ?? ""
        #expect(list.contains("browser-newcomer met at the sprint"))
        #expect(!list.contains("forged-user"))
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td").count == 1)
        for page in [
            "queue", "queue-filtered", "item", "load", "trust-read-only", "shadow", "login", "trust-after-vouch",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(screenshots)/\(page).png"), "screenshot \(page)")
        }
    }
}
