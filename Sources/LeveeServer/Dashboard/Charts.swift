import Foundation

/// Bar charts drawn on the server as inline SVG: no script, no external asset, readable with styles off. Each chart
/// sits beside a table of the same figures (the accessible form), so the SVG itself is `aria-hidden`.
struct BarChart {
    struct Series {
        var name: String
        var colour: String
        var values: [Double]
    }

    var title: String
    var labels: [String]
    /// Stacked, bottom to top.
    var series: [Series]
    /// A horizontal line (capacity), if any.
    var limit: (label: String, value: Double)?
    var unit = ""

    func svg(width: Int = 640, height: Int = 220) -> String {
        let left = 44.0
        let bottom = 28.0
        let top = 18.0
        let plotWidth = Double(width) - left - 8
        let plotHeight = Double(height) - bottom - top
        let totals = labels.indices.map { i in
            series.reduce(0) { $0 + ($1.values.indices.contains(i) ? $1.values[i] : 0) }
        }
        let peak = max(totals.max() ?? 0, limit?.value ?? 0, 1)
        let scale = Self.niceCeiling(peak)
        let slot = plotWidth / Double(max(labels.count, 1))
        let bar = max(slot * 0.7, 1)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\" role=\"img\" aria-hidden=\"true\" class=\"chart\">"
        // Grid and axis labels: 0, half, full.
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" class=\"grid\"/>"
            out +=
                "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.number(scale * fraction))</text>"
        }
        for (i, label) in labels.enumerated() {
            var y = top + plotHeight
            let x = left + slot * Double(i) + (slot - bar) / 2
            for s in series {
                let value = s.values.indices.contains(i) ? s.values[i] : 0
                guard value > 0 else { continue }
                let h = plotHeight * value / scale
                y -= h
                out +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(bar))\" height=\"\(f(h))\" fill=\"\(s.colour)\">"
                    + "<title>\(Self.escape(label)): \(Self.escape(s.name)) \(Self.number(value))\(unit)</title></rect>"
            }
            if labels.count <= 16 || i % 2 == 0 {
                out +=
                    "<text x=\"\(f(x + bar / 2))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(Self.escape(label))</text>"
            }
        }
        if let limit {
            let y = top + plotHeight * (1 - limit.value / scale)
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" class=\"limit\"/>"
                + "<text x=\"\(f(left + plotWidth))\" y=\"\(f(y - 4))\" text-anchor=\"end\" class=\"limit-label\">"
                + "\(Self.escape(limit.label))</text>"
        }
        out += "</svg>"
        return out
    }

    /// The legend, as HTML.
    var legend: String {
        series.map {
            "<span class=\"key\"><span class=\"swatch\" style=\"background:\($0.colour)\"></span>\(Self.escape($0.name))</span>"
        }.joined(separator: " ")
    }

    func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
