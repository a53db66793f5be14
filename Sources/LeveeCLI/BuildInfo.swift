/// Which Levee this is: the version (the repository's `VERSION` file, which a test keeps equal to this) and, in a
/// release binary, the commit it was built from.
public enum BuildInfo {
    public static let version = "0.1.0"

    /// A slot of fixed length that `scripts/release` overwrites in the built binary with the commit's 40 hex digits
    /// (`scripts/stamp-commit`): Swift has no way to pass a value to the compiler, and patching the copy leaves the
    /// sources and the build untouched. Every other build keeps the zeros, and says it is a development build.
    static let commitSlot = "levee-commit:0000000000000000000000000000000000000000"
    static let commitSlotPrefix = "levee-commit:"

    /// The commit a release binary was built from; nil in any other build.
    public static var commit: String? {
        let digits = commitSlot.dropFirst(commitSlotPrefix.count)
        return digits.allSatisfy { $0 == "0" } ? nil : String(digits)
    }

    /// What `levee --version` prints: `0.1.0 (commit 1f61a77…)`, or `0.1.0 (development build)`.
    public static var description: String {
        "\(version) (" + (commit.map { "commit \($0)" } ?? "development build") + ")"
    }
}
