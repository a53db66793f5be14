import Foundation

/// A pull request adds images, audio or video and says a generator made them (Midjourney, DALL·E, Suno, …) or discloses
/// AI use, where the project does not take AI-generated media (`forbidden.ai_media`).
public struct AIMediaRule: ForbiddingRule {
    public static let id = "ai_media"
    public static let key = "forbidden.ai_media"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiMedia }
    public init() {}

    static let extensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "mp3", "wav", "ogg", "flac", "m4a",
        "mp4", "webm", "mov", "avi",
    ]
    static let generators = [
        "midjourney", "dall-e", "dall·e", "stable diffusion", "sora", "adobe firefly", "imagen", "suno", "udio",
        "ai-generated image", "ai generated image", "generated image", "ai-generated logo", "ai-generated icon",
    ]

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag] else { return [] }
        let c = input.contribution
        let text = (c.title + "\n" + c.body).lowercasedFast
        let generator = Self.generators.first { text.has($0) }
        let media = c.files.filter { file in
            file.status != .removed
                && Self.extensions.contains(file.path.split(separator: ".").last?.lowercasedFast ?? "")
        }
        guard !media.isEmpty, generator != nil || input.aiUsed else { return [] }
        let why = generator.map { "the description mentions “\($0)”" } ?? "AI use is disclosed or detected"
        return [
            input.violation(
                Self.id, Self.key, "AI-generated images, audio and video are not accepted.",
                media.prefix(3).map { "adds `\($0.path)`" } + [why])
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }
    static let logo = ChangedFile(path: "docs/logo.png", status: .added, isBinary: true)

    public static let triggeringExamples = [
        PolicyExample(
            "a logo made with Midjourney", Example.pull(body: "New logo made with Midjourney.", files: [logo]),
            policy: forbidden)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("a logo someone drew", Example.pull(body: "New logo I drew.", files: [logo]), policy: forbidden),
        PolicyExample(
            "a generator named, no media added",
            Example.pull(body: "The docs mention Midjourney.", files: [Example.file("docs/tools.md", added: 3)]),
            policy: forbidden),
    ]
}
