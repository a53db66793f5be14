import Foundation

/// Flags a pull request whose diff weakens the project's tests without its description saying so: assertions taken
/// out of test files (more removed than added), an exact assertion replaced by a looser one in the same hunk
/// (`assertEqual(a, b)` → `assertIsNotNone(a)`, `toBe(…)` → `toBeDefined()`), or a test skipped or marked as expected
/// to fail. Making CI pass by weakening what it checks is what gave generated pull requests away to the maintainers who
/// closed them. Read from the patches (the server fetches them; a bundle's `files` or `diff`), so it is substance: the
/// lines are shown. A description that names the skip, the removal or the flakiness is an explanation, and the signal
/// stays quiet; so does a change that moves assertions around (as many added as removed).
public struct WeakenedTestsSignal: Signal {
    public static let id = "weakened_tests"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries patches.
    public static let priorPoints: Double = 4
    /// Substance: checked against the diff.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, c.files.contains(where: { !$0.hunks.isEmpty }) else { return nil }
        var evidence: [String] = []
        var removedAssertions: [(path: String, line: Substring)] = []
        var addedAssertions = 0
        for file in c.files where !file.hunks.isEmpty && FileClass.classify(file.path) == .test {
            for hunk in file.hunks {
                let removed = hunk.removed.filter { Self.isAssertion($0) }
                let added = hunk.added.filter { Self.isAssertion($0) }
                removedAssertions += removed.map { (file.path, $0) }
                addedAssertions += added.count
                if let strict = removed.first(where: { Self.isExact($0) }),
                    let loose = added.first(where: Self.isLoose),
                    !added.contains(where: { Self.isExact($0) })
                {
                    evidence.append(
                        "\(file.path): `\(TextStats.quote(strict, limit: 60))` became `\(TextStats.quote(loose, limit: 60))`"
                    )
                }
                for line in hunk.added where Self.isSkip(line) {
                    evidence.append(
                        "\(file.path): a test is skipped or expected to fail: `\(TextStats.quote(line, limit: 70))`")
                }
            }
        }
        let net = removedAssertions.count - addedAssertions
        if net > 0, let first = removedAssertions.first {
            evidence.insert(
                "\(net) assertion\(net == 1 ? "" : "s") removed from tests, e.g. \(first.path): "
                    + "`\(TextStats.quote(first.line, limit: 60))`", at: 0)
        }
        guard !evidence.isEmpty, !Self.explains(c.body.lowercasedFast + " " + c.title.lowercasedFast) else {
            return nil
        }
        return SignalHit(
            id: Self.id, strength: min(1, 0.5 + 0.25 * Double(evidence.count - 1)), evidence: Array(evidence.prefix(4)),
            message: "This change weakens the tests (an assertion removed or loosened, or a test skipped) and the "
                + "description does not say why. Please explain why the test was wrong, or restore it.",
            asksAuthor: true)
    }

    /// A line that asserts something, in the test idioms of the common languages (the line's code, trimmed).
    static func isAssertion(_ line: Substring) -> Bool {
        let code = line.drop { $0 == " " || $0 == "\t" }
        guard !code.hasPrefix("//"), !code.hasPrefix("#"), !code.hasPrefix("*") else { return false }
        return assertionStarts.contains { code.hasPrefix($0) } || assertionInside.contains { code.contains($0) }
    }

    /// An assertion that compares with an exact expected value.
    static func isExact(_ line: Substring) -> Bool {
        exactMarks.contains { line.contains($0) }
            || (line.contains("assert ") && (line.contains(" == ") || line.contains(" != ")))
    }

    /// An assertion that only says a value exists or is truthy.
    static func isLoose(_ line: Substring) -> Bool {
        looseMarks.contains { line.contains($0) }
    }

    static func isSkip(_ line: Substring) -> Bool {
        let code = line.drop { $0 == " " || $0 == "\t" }
        guard !code.hasPrefix("//"), !code.hasPrefix("# ") else { return false }
        return skipMarks.contains { code.contains($0) }
    }

    /// Whether the description names the weakening: a skip, a removal, flakiness.
    static func explains(_ lowered: String) -> Bool {
        explanations.contains { lowered.contains($0) }
    }

    static let assertionStarts = [
        "assert", "self.assert", "expect(", "XCTAssert", "#expect(", "#require(", "require.", "should.",
        "t.Error", "t.Fatal", "assert!(", "assert_eq!(", "assert_ne!(", "EXPECT_", "ASSERT_", "Assert.",
        "assertThat(", "pytest.raises", "self.fail(",
    ]
    static let assertionInside = [").to(", ").toBe(", ").toEqual(", ").should", "expect(", ".assert"]
    static let exactMarks = [
        "assertEqual(", "assertEquals(", "assert_eq!(", "XCTAssertEqual(", ".toBe(", ".toEqual(", ".toStrictEqual(",
        "EXPECT_EQ(", "ASSERT_EQ(", "assertSame(", "assert.equal(", "assert.strictEqual(", "assert.deepEqual(",
        ".to eq(", "#expect(", "assertThat(",
    ]
    static let looseMarks = [
        "assertIsNotNone(", "assertTrue(", "assertNotNull(", "XCTAssertNotNil(", "XCTAssertTrue(", ".toBeDefined(",
        ".toBeTruthy(", ".not.toBeNull(", ".not.toBeUndefined(", "is not None", "assert.ok(", "assert!(",
        "EXPECT_TRUE(", "ASSERT_TRUE(", ".to be_truthy", "!= nil)",
    ]
    static let skipMarks = [
        "@pytest.mark.skip", "@pytest.mark.xfail", "@unittest.skip", "@unittest.expectedFailure", "pytest.skip(",
        "it.skip(", "test.skip(", "describe.skip(", "xit(", "xdescribe(", "xtest(", "it.todo(", "@Disabled",
        "@Ignore", "t.Skip(", "#[ignore]", "XCTSkip", ".disabled(", "skip(\"", "self.skipTest(", "pending(",
    ]
    static let explanations = [
        "skip", "xfail", "disabl", "flaky", "flakey", "remove the test", "removed the test", "remove test",
        "removed test", "delete the test", "deleted the test", "loosen", "relax", "obsolete test", "outdated test",
        "assertion was wrong", "test was wrong", "wrong assertion",
    ]

    static func pull(_ path: String, _ patch: String, body: String = "Fixes #12. The parser now accepts empty input.")
        -> Contribution
    {
        Example.pull(
            body: body,
            files: [
                Example.patched("src/parser.py", "@@ -1,1 +1,1 @@\n-a = 1\n+a = 2\n"),
                Example.patched(path, patch),
            ])
    }

    public static let triggeringExamples = [
        SignalExample(
            "an exact assertion loosened to a not-None check",
            pull(
                "tests/test_parser.py",
                "@@ -10,2 +10,2 @@\n     result = parse(\"\")\n-    self.assertEqual(result, [])\n"
                    + "+    self.assertIsNotNone(result)\n")),
        SignalExample(
            "assertions deleted so CI passes",
            pull(
                "src/__tests__/parser.test.ts",
                "@@ -4,4 +4,2 @@\n   const doc = parse('');\n-  expect(doc.children).toEqual([]);\n"
                    + "-  expect(doc.errors).toHaveLength(0);\n   done();\n")),
        SignalExample(
            "a skip mark added without a word",
            pull(
                "tests/test_parser.py",
                "@@ -20,1 +20,2 @@\n+@pytest.mark.skip\n def test_empty_input():\n")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "assertions moved, as many added as removed",
            pull(
                "tests/test_parser.py",
                "@@ -10,2 +10,2 @@\n-    self.assertEqual(parse(\"\"), [])\n+    self.assertEqual(parse(\" \"), [])\n")),
        SignalExample(
            "a skip the description explains",
            pull(
                "tests/test_parser.py",
                "@@ -20,1 +20,2 @@\n+@pytest.mark.skip(reason=\"flaky on Windows\")\n def test_io():\n",
                body: "Skips test_io on Windows: it is flaky there (#88).")),
        SignalExample(
            "a new test file",
            pull(
                "tests/test_empty.py",
                "@@ -0,0 +1,3 @@\n+def test_empty():\n+    assert parse(\"\") == []\n+    assert parse(\" \") == []\n")),
        SignalExample(
            "assertions removed from production code, not tests",
            pull("src/checks.py", "@@ -1,2 +1,1 @@\n-assert x > 0\n keep()\n")),
        SignalExample(
            "no patches known", Example.pull(files: [Example.file("tests/test_parser.py", added: 1, removed: 3)])),
    ]
}
