import Foundation

/// A commit signed off by an AI (`Signed-off-by: Claude <…>`): only a person can certify the Developer Certificate of
/// Origin (`forbidden.ai_signed_off_by`).
public struct AISignedOffByRule: ForbiddenTrailer {
    public static let id = "ai_signed_off_by"
    public static let ids = [id]
    public static let keys = ["forbidden.ai_signed_off_by"]
    static let role = AITrailer.Role.signoff
    static let message =
        "Only a person can certify the Developer Certificate of Origin: an AI must not add Signed-off-by."
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiSignedOffBy }
    public init() {}

    public static let triggeringExamples = [
        example("signed off by Claude", trailer: "Signed-off-by: Claude <noreply@anthropic.com>")
    ]
    public static let nonTriggeringExamples = [
        example("signed off by a person", trailer: "Signed-off-by: Ada Lovelace <ada@example.org>"),
        example("not forbidden", trailer: "Signed-off-by: Claude <noreply@anthropic.com>", forbidden: false),
    ]
}
