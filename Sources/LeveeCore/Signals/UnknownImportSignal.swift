import Foundation

/// Flags imports a pull request adds (Python `import x` / `from x import`, JavaScript and TypeScript `import … from
/// 'x'` / `require('x')`) of packages nobody knows here: not the language's standard library, not declared in the
/// project's manifests, not one of the project's own modules, not a module the change itself adds. Generated code
/// imports packages that do not exist ("hallucinated" dependencies, which squatters then register); a name one edit
/// away from a known package is said. Substance: checked against the project's manifests and tree (`ProjectPackages`,
/// which the server reads and a bundle carries); without them the signal says nothing, since any third-party import
/// would look unknown. Monorepos with manifests below the root and packages published under another name than they
/// import as can make an honest import look unknown, so it weighs moderately and never acts alone.
public struct UnknownImportSignal: Signal {
    public static let id = "unknown_import"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries manifests.
    public static let priorPoints: Double = 4
    /// Substance: checked against the project's manifests and standard libraries.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, let known = c.projectPackages else { return nil }
        // Modules the change adds: `pkg/mod.py` makes `pkg` and `mod` known.
        var own = Set<String>()
        for file in c.files {
            let parts = file.path.split(separator: "/")
            for part in parts { own.insert(ProjectPackages.normalized(part.split(separator: ".").first ?? part)) }
        }
        var unknown: [String] = []
        var seen = Set<String>()
        for file in c.files where !file.hunks.isEmpty {
            guard let language = Self.language(of: file.path) else { continue }
            for line in file.hunks.flatMap(\.added) {
                guard let name = Self.imported(line, language: language), seen.insert(name).inserted,
                    !Self.isStandard(name, language: language), !known.knows(name),
                    !own.contains(ProjectPackages.normalized(name))
                else { continue }
                var finding =
                    "\(file.path): `\(TextStats.quote(line, limit: 60))` — `\(name)` is not in the standard "
                    + "library, the project's manifests or its own modules"
                if let near = Self.lookAlike(name, among: known.declared.union(Self.standard(language))) {
                    finding += "; it looks like `\(near)`"
                }
                unknown.append(finding)
            }
        }
        guard !unknown.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: min(1, 0.5 + 0.25 * Double(unknown.count - 1)), evidence: Array(unknown.prefix(4)),
            message: "This change imports a package the project does not declare. Please add it to the project's "
                + "dependencies, or check that it exists and is the one you meant.")
    }

    /// The languages whose imports are read.
    public enum Language: Sendable { case python, javascript }

    public static func language(of path: String) -> Language? {
        let lower = path.lowercased()
        if lower.hasSuffix(".py") { return .python }
        for suffix in [".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"] where lower.hasSuffix(suffix) {
            return .javascript
        }
        return nil
    }

    /// The top-level package an added line imports, or nil (relative imports, other lines).
    static func imported(_ line: Substring, language: Language) -> String? {
        let t = line.drop { $0 == " " || $0 == "\t" }
        switch language {
        case .python:
            let rest: Substring
            if t.hasPrefix("import ") {
                rest = t.dropFirst("import ".count)
            } else if t.hasPrefix("from "), t.contains(" import") {
                rest = t.dropFirst("from ".count)
            } else {
                return nil
            }
            let name = rest.drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        case .javascript:
            guard t.hasPrefix("import ") || t.contains("require(") || t.hasPrefix("export ") && t.contains(" from ")
            else { return nil }
            guard let quote = t.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
            let spec = t[t.index(after: quote)...].prefix { $0 != "'" && $0 != "\"" }
            guard let first = spec.first, first != ".", first != "/", !spec.hasPrefix("node:") else { return nil }
            let parts = spec.split(separator: "/")
            if first == "@", parts.count >= 2 { return "\(parts[0])/\(parts[1])" }
            return parts.first.map(String.init)
        }
    }

    static func isStandard(_ name: String, language: Language) -> Bool {
        standard(language).contains(language == .python ? name : name.lowercased())
    }

    static func standard(_ language: Language) -> Set<String> {
        language == .python ? pythonStandard : nodeBuiltins
    }

    /// A known name one edit away (two for longer names), the likeliest one meant.
    static func lookAlike(_ name: String, among known: Set<String>) -> String? {
        let plain = ProjectPackages.normalized(name)
        let limit = plain.count >= 8 ? 2 : 1
        return known.filter { abs($0.count - plain.count) <= limit && $0 != plain }
            .map { ($0, NameImitation.damerauLevenshtein(plain, $0)) }
            .filter { $0.1 <= limit }.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// `sys.stdlib_module_names` of CPython 3.11, public modules.
    static let pythonStandard: Set<String> = Set(
        """
        __future__ abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii
        bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys
        compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses
        datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl
        filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip
        hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword
        lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt
        multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib
        pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd
        py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy
        sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd
        sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau
        symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit
        tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata
        unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp
        zipfile zipimport zlib zoneinfo
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// `require('module').builtinModules` of Node.js 20, top-level names.
    static let nodeBuiltins: Set<String> = [
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
        "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module", "net",
        "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream",
        "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    ]

    static func pull(_ path: String, _ patch: String, declared: [String] = ["requests", "numpy"]) -> Contribution {
        var c = Example.pull(files: [Example.patched(path, patch)])
        c.projectPackages = ProjectPackages(declared: declared, local: ["widget"])
        return c
    }

    public static let triggeringExamples = [
        SignalExample(
            "an import of a package that exists nowhere here",
            pull("widget/http.py", "@@ -1,1 +1,2 @@\n import os\n+import fastjsonx\n")),
        SignalExample(
            "a look-alike of a declared package",
            pull("widget/fetch.py", "@@ -1,1 +1,2 @@\n import os\n+from reqeusts import Session\n")),
        SignalExample(
            "a made-up npm package",
            pull("web/app.ts", "@@ -1,1 +1,2 @@\n+import { sanitize } from 'dom-purifier-lite';\n")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "the standard library, a declared package and the project's own module",
            pull(
                "widget/http.py",
                "@@ -1,1 +1,4 @@\n+import json\n+from requests import Session\n+import numpy as np\n+from widget import core\n"
            )
        ),
        SignalExample(
            "a package imported under another name than it is published",
            pull(
                "widget/conf.py", "@@ -1,1 +1,2 @@\n+import yaml\n", declared: ["PyYAML"])),
        SignalExample(
            "relative imports and node's built-ins",
            pull(
                "web/app.js",
                "@@ -1,1 +1,3 @@\n+const fs = require('fs');\n+import { x } from './x';\n+import 'node:path';\n")),
        SignalExample(
            "nothing known of the project's packages",
            Example.pull(files: [Example.patched("widget/http.py", "@@ -1,1 +1,2 @@\n+import fastjsonx\n")])),
    ]
}
