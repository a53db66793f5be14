import Foundation

/// A commit lists an AI as co-author (`Co-authored-by: Claude <noreply@anthropic.com>`), where the project holds that
/// the person submitting is the author (`forbidden.ai_coauthor_trailers`).
public struct AICoauthorTrailerRule: ForbiddenTrailer {
    public static let id = "ai_coauthor_trailer"
    public static let ids = [id]
    public static let keys = ["forbidden.ai_coauthor_trailers"]
    static let role = AITrailer.Role.coauthor
    static let message = "An AI may not be listed as a co-author; the person submitting is the author."
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiCoauthorTrailers }
    public init() {}

    public static let triggeringExamples = [
        example("Claude as co-author", trailer: "Co-authored-by: Claude <noreply@anthropic.com>")
    ]
    public static let nonTriggeringExamples = [
        example("a person as co-author", trailer: "Co-authored-by: Ada Lovelace <ada@example.org>"),
        example("not forbidden", trailer: "Co-authored-by: Claude <noreply@anthropic.com>", forbidden: false),
    ]
}
