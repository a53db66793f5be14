import Foundation

/// The packages a project already knows: those its dependency manifests and lock files declare at the repository's
/// root (`requirements*.txt`, `pyproject.toml`, `setup.cfg`, `Pipfile`, `package.json`), and its own top-level modules
/// and directories (and those under `src/`). The server reads them once an hour per repository; a bundle carries them
/// as `project_packages: {"declared": ["requests", …], "local": ["mypackage", …]}`. `unknown_import` checks a change's
/// new imports against them and the language's standard library. Names are compared normalised (lower case, `_` and `.`
/// as `-`, as PyPI and npm compare them).
public struct ProjectPackages: Sendable, Hashable {
    public var declared: Set<String>
    public var local: Set<String>

    public init(declared: some Sequence<String>, local: some Sequence<String> = []) {
        self.declared = Set(declared.map(Self.normalized))
        self.local = Set(local.map(Self.normalized))
    }

    public static func normalized(_ name: some StringProtocol) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
    }

    /// Whether an imported top-level name is one the project knows: declared (also as `python-x`, `pyx`, `x-…`, or
    /// under its usual distribution name, `yaml` → `pyyaml`), or one of its own modules.
    public func knows(_ imported: String) -> Bool {
        let name = Self.normalized(imported)
        if local.contains(name) || declared.contains(name) { return true }
        if declared.contains("python-" + name) || declared.contains("py" + name) { return true }
        if let distributions = Self.distributions[name], distributions.contains(where: declared.contains) {
            return true
        }
        return declared.contains { $0.hasPrefix(name + "-") || $0.hasPrefix("@" + name + "/") }
    }

    /// Import names whose package is published under another name (the common cases).
    static let distributions: [String: [String]] = [
        "yaml": ["pyyaml"], "cv2": ["opencv-python", "opencv-python-headless", "opencv-contrib-python"],
        "sklearn": ["scikit-learn"], "skimage": ["scikit-image"], "pil": ["pillow"], "bs4": ["beautifulsoup4"],
        "dateutil": ["python-dateutil"], "dotenv": ["python-dotenv"], "jwt": ["pyjwt"],
        "crypto": ["pycryptodome", "pycrypto"], "openssl": ["pyopenssl"], "attr": ["attrs"], "git": ["gitpython"],
        "zmq": ["pyzmq"], "fitz": ["pymupdf"], "mysqldb": ["mysqlclient"], "win32api": ["pywin32"],
        "pkg-resources": ["setuptools"], "google": ["protobuf", "google-api-python-client", "google-cloud-storage"],
        "magic": ["python-magic"], "serial": ["pyserial"], "usb": ["pyusb"], "docx": ["python-docx"],
        "multipart": ["python-multipart"], "jose": ["python-jose"], "slugify": ["python-slugify"],
        "faiss": ["faiss-cpu", "faiss-gpu"], "tensorflow": ["tensorflow-cpu"], "torch": ["pytorch"],
    ]

    /// `project_packages` from a bundle; nil when absent.
    static func read(_ json: JSONValue?, source: String) throws -> ProjectPackages? {
        guard let json, json != .null else { return nil }
        guard json.object != nil else {
            throw ContributionError(
                source: source, reason: "project_packages: expected an object, got \(json.typeName)")
        }
        func names(_ key: String) throws -> [String] {
            guard let value = json[key], value != .null else { return [] }
            guard let list = value.array, list.allSatisfy({ $0.string != nil }) else {
                throw ContributionError(source: source, reason: "project_packages.\(key): expected a list of names")
            }
            return list.compactMap(\.string)
        }
        return ProjectPackages(declared: try names("declared"), local: try names("local"))
    }

    /// The package names a manifest declares, by its file name; empty for a file Levee does not read.
    public static func declared(in text: String, file name: String) -> [String] {
        let lower = name.lowercased()
        if lower == "package.json" {
            guard let json = try? JSONValue.parse(Data(text.utf8), source: name) else { return [] }
            return ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap {
                json[$0]?.object.map { Array($0.keys) } ?? []
            }
        }
        if lower.hasPrefix("requirements"), lower.hasSuffix(".txt") {
            return text.split(separator: "\n").compactMap { requirement($0) }
        }
        if lower == "pyproject.toml" || lower == "pipfile" || lower == "setup.cfg" {
            return tomlLikeNames(text)
        }
        return []
    }

    /// The name of a requirement line (`requests>=2; python_version>"3"` → `requests`); nil for options and comments.
    static func requirement(_ line: Substring) -> String? {
        let t = line.drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        guard let first = t.first, first.isLetter || first.isNumber else { return nil }
        let name = t.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return name.isEmpty ? nil : String(name)
    }

    /// Names in `pyproject.toml`, `Pipfile` and `setup.cfg`: the strings of dependency arrays and the keys of
    /// dependency tables (`[tool.poetry.dependencies]`, `[packages]`), and `install_requires` lines.
    static func tomlLikeNames(_ text: String) -> [String] {
        var names: [String] = []
        var inTable = false
        var inArray = false
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let header = line.lowercased()
                inTable =
                    header.contains("dependencies") || header == "[packages]" || header == "[dev-packages]"
                    || header.contains("requires")
                inArray = false
                continue
            }
            let lower = line.lowercased()
            if lower.hasPrefix("dependencies") || lower.hasPrefix("requires") || lower.hasPrefix("install_requires")
                || lower.hasPrefix("dev = [") || lower.hasPrefix("test = [")
            {
                inArray = !line.contains("]")
                names += line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.compactMap {
                    requirement($0.element)
                }
                continue
            }
            if inArray {
                if line.hasPrefix("]") { inArray = false }
                if let name = requirement(line[...]) { names.append(name) }
                continue
            }
            if inTable, let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                if !key.isEmpty, key != "python" { names.append(key) }
            }
        }
        return names
    }
}
