/// What every page's template shares, from `Dashboard/Templates/` (compiled into the binary with `.embedInCode` on the
/// folder, so a deployment is one file): the `header` and `footer` partials, the message page, and the one script.
/// Each page's own template is named by its `PageModel` (`template`, `source`). `{{x}}` escapes HTML; `{{{x}}}` is used
/// only for SVG and legends the server drew itself.
enum DashboardTemplates {
    static let partials: [String: [UInt8]] = [
        "header": PackageResources.header_mustache, "footer": PackageResources.footer_mustache,
    ]

    /// The one script: makes the queue's filters apply on change (the page works without it).
    static let script = text(PackageResources.dashboard_js)

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Every template: the partials, the message page, and each controller's pages.
    static func all(_ controllers: [any DashboardController.Type]) -> [String: String] {
        var all = partials.mapValues(text)
        let pages: [any PageModel.Type] = [MessagePage.self] + controllers.flatMap { $0.pages }
        for page in pages { all[page.template] = text(page.source) }
        return all
    }
}
