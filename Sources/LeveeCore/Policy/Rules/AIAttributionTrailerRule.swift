import Foundation

/// A commit carries an AI-attribution trailer (`Assisted-by: Cursor`, `Generated-by: …`), where the project wants AI
/// use disclosed in the pull request's description instead (`forbidden.ai_attribution_trailers`).
public struct AIAttributionTrailerRule: ForbiddenTrailer {
    public static let id = "ai_attribution_trailer"
    public static let ids = [id]
    public static let keys = ["forbidden.ai_attribution_trailers"]
    static let role = AITrailer.Role.attribution
    static let message = "AI attribution trailers are not used here; disclose AI use in the pull-request description."
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiAttributionTrailers }
    public init() {}

    public static let triggeringExamples = [example("Assisted-by: Cursor", trailer: "Assisted-by: Cursor")]
    public static let nonTriggeringExamples = [
        example("a sign-off by a person", trailer: "Signed-off-by: Ada Lovelace <ada@example.org>"),
        example("not forbidden", trailer: "Assisted-by: Cursor", forbidden: false),
    ]
}
