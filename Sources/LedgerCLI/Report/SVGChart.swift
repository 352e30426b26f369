import Foundation

/// Small, dependency-free SVG charts for the HTML report: inline, no scripts, readable
/// when printed. Colours come from one palette so the same series looks the same everywhere.
enum SVGChart {
    static let palette = ["#2f6db3", "#e07b39", "#3a9a5b", "#b8433e", "#7a5cb0", "#8c6d46", "#c2589a", "#5f6b78"]

    struct Series {
        var name: String
        var values: [Double]
    }

    /// Escapes text for HTML and SVG.
    static func esc(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    /// A legend for `series`, as an HTML fragment.
    static func legend(_ names: [String]) -> String {
        var html = "<div class=\"legend\">"
        for (i, name) in names.enumerated() {
            html += "<span><i style=\"background:\(palette[i % palette.count])\"></i>\(esc(name))</span>"
        }
        return html + "</div>"
    }

    /// Vertical grouped bars: one group per category (e.g. month), one bar per series.
    static func groupedColumns(categories: [String], series: [Series], title: String, height: Int = 240) -> String {
        let maxValue = max(1, series.flatMap(\.values).max() ?? 1)
        let groupWidth = max(14, min(48, 900 / max(1, categories.count)))
        let barWidth = max(3, (groupWidth - 4) / max(1, series.count))
        let left = 40, bottom = 46, top = 12
        let width = left + groupWidth * categories.count + 10
        let plot = height - bottom - top
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(esc(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        svg += "<title>\(esc(title))</title>"
        for tick in ticks(maxValue) {
            let y = top + plot - Int(Double(plot) * tick / maxValue)
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - 4)\" y2=\"\(y)\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(y + 4)\" class=\"axis\" text-anchor=\"end\">\(number(tick))</text>"
        }
        for (c, category) in categories.enumerated() {
            let x0 = left + c * groupWidth + 2
            for (s, serie) in series.enumerated() {
                let v = c < serie.values.count ? serie.values[c] : 0
                let h = Int((Double(plot) * v / maxValue).rounded())
                let x = x0 + s * barWidth
                svg += "<rect x=\"\(x)\" y=\"\(top + plot - h)\" width=\"\(max(1, barWidth - 1))\" height=\"\(h)\" fill=\"\(palette[s % palette.count])\"><title>\(esc(category)) \(esc(serie.name)): \(number(v))</title></rect>"
            }
            if categories.count <= 16 || c % max(1, categories.count / 12) == 0 {
                svg += "<text x=\"\(x0 + groupWidth / 2)\" y=\"\(top + plot + 14)\" class=\"axis\" text-anchor=\"end\" transform=\"rotate(-45 \(x0 + groupWidth / 2) \(top + plot + 14))\">\(esc(category))</text>"
            }
        }
        svg += "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(width - 4)\" y2=\"\(top + plot)\" class=\"base\"/>"
        return svg + "</svg>" + legend(series.map(\.name))
    }

    /// Horizontal bars: one row per category, stacked series.
    static func stackedRows(categories: [String], series: [Series], title: String) -> String {
        let totals = categories.indices.map { c in series.reduce(0) { $0 + (c < $1.values.count ? $1.values[c] : 0) } }
        let maxValue = max(1, totals.max() ?? 1)
        let label = 230, plot = 460, rowHeight = 24
        let height = rowHeight * categories.count + 8
        let width = label + plot + 60
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(esc(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        svg += "<title>\(esc(title))</title>"
        for (c, category) in categories.enumerated() {
            let y = 4 + c * rowHeight
            svg += "<text x=\"\(label - 6)\" y=\"\(y + 15)\" class=\"label\" text-anchor=\"end\">\(esc(category))</text>"
            var x = Double(label)
            for (s, serie) in series.enumerated() {
                let v = c < serie.values.count ? serie.values[c] : 0
                guard v > 0 else { continue }
                let w = Double(plot) * v / maxValue
                svg += "<rect x=\"\(Int(x))\" y=\"\(y + 3)\" width=\"\(max(1, Int(w.rounded())))\" height=\"\(rowHeight - 8)\" fill=\"\(palette[s % palette.count])\"><title>\(esc(category)) \(esc(serie.name)): \(number(v))</title></rect>"
                x += w
            }
            svg += "<text x=\"\(Int(x) + 6)\" y=\"\(y + 15)\" class=\"value\">\(number(totals[c]))</text>"
        }
        return svg + "</svg>" + (series.count > 1 ? legend(series.map(\.name)) : "")
    }

    /// Durations against their statutory limits: per row, the limit as a frame, the
    /// average time taken as a bar, and the longest as a tick; late ones counted beside.
    struct Duration {
        var label: String
        var limit: Double
        var unit: String
        var average: Double
        var longest: Double
        var count: Int
        var late: Int
    }

    static func durations(_ rows: [Duration], title: String, lateLabel: String) -> String {
        let label = 230, plot = 400, rowHeight = 30
        let height = rowHeight * rows.count + 8
        let width = label + plot + 190
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(esc(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        svg += "<title>\(esc(title))</title>"
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            let scale = Double(plot) / max(row.limit, row.longest, 1) * 0.8
            let limitX = label + Int(row.limit * scale)
            svg += "<text x=\"\(label - 6)\" y=\"\(y + 17)\" class=\"label\" text-anchor=\"end\">\(esc(row.label))</text>"
            svg += "<rect x=\"\(label)\" y=\"\(y + 4)\" width=\"\(Int(row.limit * scale))\" height=\"\(rowHeight - 10)\" class=\"limit\"><title>\(esc(row.label)): limit \(number(row.limit)) \(esc(row.unit))</title></rect>"
            let avgW = max(1, Int(row.average * scale))
            svg += "<rect x=\"\(label)\" y=\"\(y + 8)\" width=\"\(avgW)\" height=\"\(rowHeight - 18)\" fill=\"\(palette[0])\"><title>\(esc(row.label)): average \(number(row.average)) \(esc(row.unit))</title></rect>"
            let longX = label + Int(row.longest * scale)
            svg += "<line x1=\"\(longX)\" y1=\"\(y + 3)\" x2=\"\(longX)\" y2=\"\(y + rowHeight - 5)\" stroke=\"\(row.longest > row.limit ? palette[3] : palette[1])\" stroke-width=\"3\"><title>longest \(number(row.longest)) \(esc(row.unit))</title></line>"
            svg += "<line x1=\"\(limitX)\" y1=\"\(y + 1)\" x2=\"\(limitX)\" y2=\"\(y + rowHeight - 3)\" class=\"limitline\"/>"
            let note = "\(number(row.average))/\(number(row.limit)) \(row.unit) · n=\(row.count)" + (row.late > 0 ? " · \(lateLabel) \(row.late)" : "")
            svg += "<text x=\"\(label + plot + 8)\" y=\"\(y + 17)\" class=\"value\">\(esc(note))</text>"
        }
        return svg + "</svg>"
    }

    static func ticks(_ maxValue: Double) -> [Double] {
        let raw = maxValue / 4
        let magnitude = pow(10, floor(log10(max(raw, 1))))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: 0.0, through: maxValue, by: max(step, 1)).map { $0 }
    }
}
