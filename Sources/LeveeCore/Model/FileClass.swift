import Foundation

/// What a changed path is, for review cost and for the path-based signals.
public enum FileClass: String, Sendable, Codable, CaseIterable {
    case code, test, docs, config, dependencyManifest = "dependency_manifest", lockfile, generated, vendored, binary

    /// Whether a reviewer reads this file's lines. Lock files, generated and vendored code are skimmed, not reviewed.
    public var costsReview: Bool {
        switch self {
        case .lockfile, .generated, .vendored, .binary: return false
        default: return true
        }
    }

    public static func classify(_ path: String, isBinary: Bool = false) -> FileClass {
        if isBinary { return .binary }
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        if lockfiles.contains(name) || name.hasSuffix(".lock") || name.hasSuffix(".lockb") { return .lockfile }
        if vendoredDirectories.contains(where: { lower.hasPrefix($0) || lower.contains("/" + $0) }) { return .vendored }
        if generatedSuffixes.contains(where: { name.hasSuffix($0) })
            || lower.contains("/generated/") || lower.hasPrefix("generated/") || name.hasPrefix("generated_")
            || lower.contains("__snapshots__/") || name.hasSuffix(".snap")
        {
            return .generated
        }
        if dependencyManifests.contains(name) || (name.hasPrefix("requirements") && name.hasSuffix(".txt")) {
            return .dependencyManifest
        }
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!) : ""
        if binaryExtensions.contains(ext) { return .binary }
        if isTestPath(lower, name: name) { return .test }
        if docExtensions.contains(ext) || lower.hasPrefix("docs/") || lower.hasPrefix("doc/") || name == "license"
            || name == "authors" || name == "changelog" || name == "news"
        {
            return .docs
        }
        if configExtensions.contains(ext) || name.hasPrefix(".") || name == "makefile" || name == "dockerfile" {
            return .config
        }
        return .code
    }

    static func isTestPath(_ lower: String, name: String) -> Bool {
        lower.hasPrefix("test/") || lower.hasPrefix("tests/") || lower.contains("/test/") || lower.contains("/tests/")
            || lower.contains("/__tests__/") || lower.hasPrefix("spec/") || lower.contains("/spec/")
            || name.hasPrefix("test_") || name.contains("_test.") || name.contains(".test.") || name.contains(".spec.")
            || name.hasSuffix("tests.swift") || name.hasSuffix("test.java") || name.hasSuffix("tests.cs")
    }

    static let lockfiles: Set<String> = [
        "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "cargo.lock", "gemfile.lock", "poetry.lock",
        "composer.lock", "go.sum", "package.resolved", "pipfile.lock", "uv.lock", "bun.lockb", "flake.lock",
        "mix.lock", "pubspec.lock", "podfile.lock", "packages.lock.json", "gradle.lockfile",
    ]
    static let vendoredDirectories = ["vendor/", "third_party/", "thirdparty/", "node_modules/", "external/", "deps/"]
    static let generatedSuffixes = [
        ".min.js", ".min.css", ".pb.go", "_pb2.py", ".pb.swift", ".generated.swift", ".g.dart", ".designer.cs",
        ".map", "_generated.go", ".gen.go",
    ]
    static let dependencyManifests: Set<String> = [
        "package.swift", "package.json", "pyproject.toml", "setup.py", "setup.cfg", "pipfile", "cargo.toml",
        "go.mod", "gemfile", "pom.xml", "build.gradle", "build.gradle.kts", "composer.json", "mix.exs",
        "pubspec.yaml", "podfile", "environment.yml", "conanfile.txt", "vcpkg.json", "deno.json",
    ]
    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "ico", "pdf", "zip", "gz", "tgz", "jar", "so", "dylib", "dll", "exe", "woff",
        "woff2", "ttf", "otf", "mp4", "mp3", "wasm", "bin", "webp",
    ]
    static let docExtensions: Set<String> = ["md", "markdown", "rst", "txt", "adoc", "asciidoc", "textile", "org"]
    static let configExtensions: Set<String> = [
        "yml", "yaml", "toml", "ini", "cfg", "conf", "json", "xml", "plist", "properties", "env", "editorconfig",
    ]
}
