import Foundation
import Testing

@testable import LeveeCore

/// What the manifests at a repository's root declare, as `unknown_import` reads them.
@Suite struct ProjectPackagesTests {
    @Test func eachManifestGivesItsNames() {
        #expect(
            ProjectPackages.declared(
                in: "requests>=2.31\n# a comment\n-e .\n--index-url https://x\nPyYAML==6.0 ; python_version > '3'\n",
                file: "requirements-dev.txt") == ["requests", "PyYAML"])
        let pyproject = """
            [project]
            name = "widget"
            dependencies = [
                "httpx>=0.27",
                "rich",
            ]
            [project.optional-dependencies]
            test = ["pytest>=8", "hypothesis"]
            [tool.poetry.dependencies]
            python = "^3.11"
            click = "^8"
            [tool.black]
            line-length = 100
            """
        #expect(
            Set(ProjectPackages.declared(in: pyproject, file: "pyproject.toml"))
                == ["httpx", "rich", "pytest", "hypothesis", "click"])
        #expect(
            Set(
                ProjectPackages.declared(
                    in: #"{"name": "web", "dependencies": {"react": "^18"}, "devDependencies": {"@types/node": "20"}}"#,
                    file: "package.json")) == ["react", "@types/node"])
        #expect(
            Set(
                ProjectPackages.declared(
                    in: "[packages]\nflask = \"*\"\n[dev-packages]\npytest = \"*\"\n", file: "Pipfile"))
                == ["flask", "pytest"])
        #expect(ProjectPackages.declared(in: "anything", file: "Makefile").isEmpty)
    }

    @Test func namesAreComparedAsRegistriesCompareThem() {
        let known = ProjectPackages(declared: ["Python-DateUtil", "scikit-learn", "pyzmq", "google-cloud-storage"])
        #expect(known.knows("dateutil") && known.knows("sklearn") && known.knows("zmq") && known.knows("google"))
        #expect(!known.knows("fastjsonx"))
        #expect(ProjectPackages(declared: [], local: ["My_Package"]).knows("my_package"))
    }
}
