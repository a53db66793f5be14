import Foundation

/// Flags pull requests that add dependencies (Package.swift, package.json, requirements*.txt,
/// pyproject.toml, Cargo.toml, go.mod, Gemfile, …). Every new dependency is code the project
/// must vet and maintain, and an invented or typo-squatted package name is a supply-chain risk.
public struct NewDependenciesSignal: Signal {
    public static let id = "new_dependencies"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 1.5
    /// Substance: the dependencies the diff adds.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest else { return nil }
        var added: [String] = []
        var manifestsWithoutPatch: [String] = []
        for file in c.files where FileClass.classify(file.path) == .dependencyManifest {
            if file.hunks.isEmpty {
                if file.additions > 0 { manifestsWithoutPatch.append(file.path) }
                continue
            }
            let isTOML = file.path.lowercasedFast.hasSuffix(".toml")
            let removedNames = Set(file.hunks.flatMap(\.removed).compactMap(Self.dependencyName))
            for hunk in file.hunks {
                // In TOML only `[…dependencies…]` tables and `dependencies = [` / `requires = [` arrays declare packages.
                var inDependencies = !isTOML
                for line in hunk.lines {
                    let t = line.text.trimmed
                    if isTOML, t.hasPrefix("[") {
                        inDependencies = t.lowercasedFast.has("dependencies")
                        continue
                    }
                    if isTOML, t.hasSuffix("["), t.has("dependencies") || t.has("requires") {
                        inDependencies = true
                        continue
                    }
                    guard line.kind == .added, inDependencies else { continue }
                    if let name = Self.dependencyName(line.text), !removedNames.contains(name) {
                        added.append("\(file.path): \(name)")
                    }
                }
            }
        }
        if !added.isEmpty {
            return SignalHit(
                id: Self.id, strength: min(1, 0.5 + 0.25 * Double(added.count - 1)),
                evidence: Array(added.prefix(5)),
                message:
                    "This adds \(added.count) dependenc\(added.count == 1 ? "y" : "ies"); please say why each is needed."
            )
        }
        if !manifestsWithoutPatch.isEmpty {
            return SignalHit(
                id: Self.id, strength: 0.3, evidence: manifestsWithoutPatch.map { "\($0) changed" },
                message: "This changes dependency manifests; check whether it adds dependencies.")
        }
        return nil
    }

    /// The package a manifest line declares, or nil when the line declares none.
    static func dependencyName(_ line: Substring) -> String? {
        let t = line.trimmed
        guard !t.isEmpty, !t.hasPrefix("#"), !t.hasPrefix("//"), !t.hasPrefix("["), !t.hasPrefix("{"), !t.hasPrefix("}")
        else { return nil }
        if let url = t.range(of: ".package(url:") ?? t.range(of: ".package(name:") {
            return t[url.upperBound...].split(separator: "\"").dropFirst().first.map(String.init)
        }
        if t.hasPrefix("gem ") || t.hasPrefix("require ") || t.hasPrefix("implementation") || t.hasPrefix("api ") {
            return t.split(whereSeparator: { $0 == " " || $0 == "'" || $0 == "\"" || $0 == "(" }).dropFirst().first.map(
                String.init)
        }
        let metaKeys: Set<String> = [
            "name", "version", "description", "license", "main", "scripts", "type", "private", "edition", "authors",
            "module", "go", "readme", "homepage", "repository", "keywords", "requires-python", "build-backend",
            "source", "ruby", "swift-tools-version", "dependencies", "devdependencies", "targets", "products",
        ]
        let stripped = t.trimmingCharacters(in: CharacterSet(charactersIn: "\"',"))
        let name = stripped.prefix(while: { $0.isLetter || $0.isNumber || "-_./@".contains($0) })
        guard name.count >= 2, !metaKeys.contains(name.lowercasedFast), name.first?.isNumber == false else {
            return nil
        }
        let rest = stripped.dropFirst(name.count).trimmed
        // `"left-pad": "^1.3.0"`, `serde = "1"`, `requests>=2.31`, `github.com/x/y v1.2.3`
        let declares =
            rest.hasPrefix(":") || rest.hasPrefix("=") || rest.hasPrefix(">") || rest.hasPrefix("<")
            || rest.hasPrefix("~") || rest.hasPrefix("^") || rest.hasPrefix("!") || rest.hasPrefix("[")
            || rest.hasPrefix("v") || rest.hasPrefix("\"") || (rest.isEmpty && stripped == t)
        return declares ? String(name) : nil
    }

    public static let triggeringExamples = [
        SignalExample(
            "npm dependency",
            Example.pull(files: [
                Example.patched(
                    "package.json",
                    "@@ -10,3 +10,4 @@\n   \"dependencies\": {\n+    \"left-pad\": \"^1.3.0\",\n     \"express\": \"^4.19.2\"\n   }\n"
                )
            ])),
        SignalExample(
            "Cargo dependency table",
            Example.pull(files: [
                Example.patched(
                    "Cargo.toml", "@@ -6,2 +6,3 @@\n [dependencies]\n serde = \"1\"\n+tokio = { version = \"1\" }\n")
            ])),
        SignalExample(
            "requirements",
            Example.pull(files: [Example.patched("requirements-dev.txt", "@@ -1,1 +1,2 @@\n pytest\n+reqeusts>=2.31\n")]
            )),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "version bump",
            Example.pull(files: [
                Example.patched("Cargo.toml", "@@ -8,1 +8,1 @@\n-serde = \"1.0.200\"\n+serde = \"1.0.210\"\n")
            ])),
        SignalExample(
            "TOML table that is not dependencies",
            Example.pull(files: [
                Example.patched(
                    "Cargo.toml", "@@ -1,2 +1,4 @@\n [package]\n name = \"engine\"\n+[lib]\n+path = \"src/lib.rs\"\n")
            ])),
        SignalExample(
            "source only",
            Example.pull(files: [Example.patched("src/lib.rs", "@@ -1,1 +1,2 @@\n fn a() {}\n+fn b() {}\n")])),
    ]
}
