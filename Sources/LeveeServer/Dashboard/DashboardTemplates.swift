/// The dashboard's Mustache templates (swift-mustache), real files in `Dashboard/Templates/` compiled into the binary
/// (`.embedInCode` in Package.swift) so a deployment is one file. `{{x}}` escapes HTML; `{{{x}}}` is used only for
/// SVG and legends the server drew itself. Each page's template includes `header` and `footer`.
enum DashboardTemplates {
    static let all: [String: String] = [
        "header": text(PackageResources.header_mustache), "footer": text(PackageResources.footer_mustache),
        "queue": text(PackageResources.queue_mustache), "item": text(PackageResources.item_mustache),
        "load": text(PackageResources.load_mustache), "trust": text(PackageResources.trust_mustache),
        "shadow": text(PackageResources.shadow_mustache), "login": text(PackageResources.login_mustache),
        "message": text(PackageResources.message_mustache),
    ]

    /// The one script: makes the queue's filters apply on change (the page works without it).
    static let script = text(PackageResources.dashboard_js)

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
