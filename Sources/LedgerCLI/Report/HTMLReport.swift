import Foundation
import IPProtection
import LedgerCore
import Projections

/// The one-file HTML report: counts, charts and open alerts, in Chinese with the English
/// codes (or English), for the 4·26 publicity and exchange meetings. Inline CSS and SVG
/// only: no scripts, no fonts or images from elsewhere, so it opens anywhere, offline.
struct HTMLReport {
    let answer: ProjectionQuery.Answer
    let labels: Labels
    /// The event hash of the last event folded, and the Merkle root, to print in the footer.
    let head: String
    let generated: Timestamp

    var set: ProjectionSet { answer.projections }
    var offset: Int32 { answer.utcOffset }
    func t(_ zh: String, _ en: String) -> String { labels.text(zh: zh, en: en) }
    func esc(_ s: String) -> String { SVGChart.esc(s) }

    func render() -> String {
        let registry = set.domain.registry
        let title = registry.ledgerName.isEmpty ? "IPLedger" : registry.ledgerName
        var html = """
        <!DOCTYPE html>
        <html lang="\(labels.language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · \(esc(t("知识产权保护协作报告", "IP protection report")))</title>
        <style>\(HTMLReport.css)</style>
        </head>
        <body>
        <header>
        <h1>\(esc(title))</h1>
        <p class="sub">\(esc(registry.jurisdiction)) · \(esc(t("知识产权保护协作报告 IP protection report", "IP protection report"))) · \(esc(labels.time(answer.judgedAt, offset))) · \(esc(t("事件", "events"))) 1–\(answer.events)</p>
        </header>
        <main>

        """
        html += kpis()
        html += section(t("按月份的立案与移送 cases and transfers by month", "Cases and transfers by month"), monthly())
        html += section(t("按行业的立案与移送 cases and transfers by sector", "Cases and transfers by sector"), bySector())
        html += section(t("移送各环节用时与法定期限 transfer steps against their limits", "Transfer steps against their statutory limits"), transferDurations())
        html += section(t("调解与司法确认 mediation outcomes", "Mediation outcomes"), mediations())
        html += section(t("各机关在办与逾期事项 agency workloads", "Agency workloads"), workloads())
        html += section(t("未结提示 open alerts", "Open alerts"), alerts())
        html += """
        </main>
        <footer>\(esc(t("由 IPLedger 从台账重建", "Rebuilt by IPLedger from the ledger"))) · \(esc(t("末事件哈希 head", "head"))) <code>\(esc(head))</code> · \(esc(t("生成于 generated", "generated"))) \(esc(labels.time(generated, offset)))</footer>
        </body>
        </html>

        """
        return html
    }

    func section(_ heading: String, _ body: String) -> String {
        "<section><h2>\(esc(heading))</h2>\n\(body)\n</section>\n"
    }

    // MARK: Sections

    func kpis() -> String {
        let total = set.statistics.total
        let alertList = AlertList.alerts(set, judgedAt: answer.judgedAt)
        let open = CaseStatusBoard.rows(set, judgedAt: answer.judgedAt, alerts: alertList).filter(\.isOpen).count
        let alertCount = alertList.count
        var tiles = total.named.map { (labels.header($0.name), $0.value, $0.name) }
        tiles.append((t("在办事项 open items", "open items"), open, "openItems"))
        tiles.append((t("未结提示 open alerts", "open alerts"), alertCount, "openAlerts"))
        var html = "<section class=\"kpis\">"
        for (label, value, code) in tiles {
            html += "<div class=\"kpi\" data-metric=\"\(code)\"><b>\(value)</b><span>\(esc(label))</span></div>"
        }
        return html + "</section>\n"
    }

    func monthly() -> String {
        let months = set.statistics.byMonth.keys.sorted()
        guard !months.isEmpty else { return empty() }
        let cases = months.map { Double(set.statistics.byMonth[$0]?.cases ?? 0) }
        let transfers = months.map { Double(set.statistics.byMonth[$0]?.transfers ?? 0) }
        let filings = months.map { Double(set.statistics.byMonth[$0]?.filings ?? 0) }
        return SVGChart.groupedColumns(categories: months, series: [
            .init(name: labels.header("cases"), values: cases), .init(name: labels.header("transfers"), values: transfers),
            .init(name: labels.header("filings"), values: filings),
        ], title: t("按月份的立案与移送", "Cases and transfers by month")) + table(
            headers: [labels.header("month"), labels.header("cases"), labels.header("transfers"), labels.header("filings")],
            rows: months.indices.map { [months[$0], SVGChart.number(cases[$0]), SVGChart.number(transfers[$0]), SVGChart.number(filings[$0])] },
            collapsed: true, id: "by-month")
    }

    func bySector() -> String {
        let sectors = set.statistics.bySector.filter { $0.value != Statistics.Counts() }.keys.sorted { (set.statistics.bySector[$0]?.cases ?? 0, $1) > (set.statistics.bySector[$1]?.cases ?? 0, $0) }
        guard !sectors.isEmpty else { return empty() }
        let names = sectors.map { labels.value($0, .sector) }
        let counts = sectors.map { set.statistics.bySector[$0] ?? Statistics.Counts() }
        return SVGChart.stackedRows(categories: names, series: [
            .init(name: labels.header("cases"), values: counts.map { Double($0.cases) }),
            .init(name: labels.header("transfers"), values: counts.map { Double($0.transfers) }),
        ], title: t("按行业的立案与移送", "Cases and transfers by sector")) + table(
            headers: [labels.header("sector"), labels.header("reports"), labels.header("cases"), labels.header("transfers"), labels.header("filings")],
            rows: sectors.indices.map { [names[$0], String(counts[$0].reports), String(counts[$0].cases), String(counts[$0].transfers), String(counts[$0].filings)] },
            collapsed: false, id: "by-sector")
    }

    func transferDurations() -> String {
        let rows = TransferPlatformView.rows(set, judgedAt: answer.judgedAt)
        var byStep: [String: [DeadlineRow]] = [:]
        var order: [String] = []
        for row in rows {
            for step in row.steps {
                guard let d = step.deadline, d.taken != nil else { continue }
                if byStep[step.step] == nil { order.append(step.step) }
                byStep[step.step, default: []].append(d)
            }
        }
        guard !order.isEmpty else { return empty() }
        let durations: [SVGChart.Duration] = order.map { step in
            let ds = byStep[step]!
            let taken = ds.compactMap(\.taken).map(Double.init)
            let unit = labels.taken(nil, of: ds[0]).replacingOccurrences(of: "–/", with: "").filter { !$0.isNumber && $0 != "/" && $0 != "–" }
            return SVGChart.Duration(label: labels.value(step, .step), limit: Double(ds[0].period.length), unit: unit.trimmingCharacters(in: .whitespaces),
                                     average: taken.reduce(0, +) / Double(max(1, taken.count)), longest: taken.max() ?? 0,
                                     count: ds.count, late: ds.filter { $0.state == .late || $0.state == .overdue }.count)
        }
        let note = "<p class=\"note\">\(esc(t("框：法定期限；蓝条：平均用时；竖线：最长用时（红色为超期）。", "Frame: the statutory limit; blue bar: average time taken; mark: the longest (red when late).")))</p>"
        return SVGChart.durations(durations, title: t("移送各环节用时", "Transfer step durations"), lateLabel: t("超期", "late")) + note
    }

    func mediations() -> String {
        let rows = MediationDocket.rows(set, judgedAt: answer.judgedAt)
        guard !rows.isEmpty else { return empty() }
        var byStage: [String: Int] = [:]
        var byConfirmation: [String: Int] = [:]
        for row in rows {
            byStage[row.stage, default: 0] += 1
            if let c = row.confirmationState { byConfirmation[c, default: 0] += 1 }
        }
        let stages = byStage.keys.sorted { (byStage[$0]!, $1) > (byStage[$1]!, $0) }
        var html = SVGChart.stackedRows(categories: stages.map { labels.value($0, .mediationStage) },
                                        series: [.init(name: labels.header("count"), values: stages.map { Double(byStage[$0]!) })],
                                        title: t("调解结果", "Mediation outcomes"))
        if !byConfirmation.isEmpty {
            let states = byConfirmation.keys.sorted()
            html += "<h3>\(esc(t("司法确认 judicial confirmation", "Judicial confirmation")))</h3>"
            html += SVGChart.stackedRows(categories: states.map { labels.value($0, .confirmationState) },
                                         series: [.init(name: labels.header("count"), values: states.map { Double(byConfirmation[$0]!) })],
                                         title: t("司法确认", "Judicial confirmation"))
        }
        return html
    }

    func workloads() -> String {
        let rows = AgencyWorkloadView.rows(set, judgedAt: answer.judgedAt).filter { $0.officer == nil && ($0.openTotal > 0 || $0.overdue > 0) }
        guard !rows.isEmpty else { return empty() }
        let kinds = ItemKind.allCases
        var series = kinds.map { kind in SVGChart.Series(name: labels.value(kind.rawValue, .itemKind), values: rows.map { Double($0.open[kind] ?? 0) }) }
        series.append(.init(name: labels.header("overdue"), values: rows.map { Double($0.overdue) }))
        return SVGChart.stackedRows(categories: rows.map { $0.name }, series: series, title: t("各机关在办事项", "Agency workloads"))
    }

    func alerts() -> String {
        let alerts = AlertList.alerts(set, judgedAt: answer.judgedAt)
        guard !alerts.isEmpty else { return "<p class=\"note\">\(esc(t("无未结提示。", "No open alerts.")))</p>" }
        return table(headers: [labels.header("kind"), labels.header("stream"), labels.header("agency"), labels.header("rule"),
                               labels.header("since"), labels.header("citation")],
                     rows: alerts.map { a in
                         [labels.value(a.kind.rawValue, .alertKind), a.stream, a.agency ?? "–", labels.value(a.rule, .rule),
                          labels.time(a.since, offset), a.citation]
                     }, collapsed: false, id: "alerts")
    }

    func empty() -> String { "<p class=\"note\">\(esc(t("暂无数据。", "Nothing yet.")))</p>" }

    func table(headers: [String], rows: [[String]], collapsed: Bool, id: String) -> String {
        var html = collapsed ? "<details><summary>\(esc(t("数据表", "Data table")))</summary>" : ""
        html += "<table id=\"\(id)\"><thead><tr>" + headers.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>" }
        html += "</tbody></table>"
        return html + (collapsed ? "</details>" : "")
    }

    static let css = """
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f6f8}
    header{background:#1f3b60;color:#fff;padding:20px 32px}h1{margin:0;font-size:24px}.sub{margin:6px 0 0;opacity:.85}
    main{padding:16px 32px;max-width:1200px}section{background:#fff;border-radius:8px;padding:12px 20px;margin:14px 0;box-shadow:0 1px 3px rgba(0,0,0,.08);overflow-x:auto}
    h2{font-size:17px;margin:4px 0 10px}h3{font-size:14px;margin:12px 0 6px}
    .kpis{display:flex;flex-wrap:wrap;gap:10px;background:none;box-shadow:none;padding:0}.kpi{background:#fff;border-radius:8px;padding:10px 16px;min-width:120px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
    .kpi b{display:block;font-size:26px;color:#1f3b60}.kpi span{font-size:12px;color:#5f6b78}
    svg text{font-size:11px;fill:#3b4654}.grid{stroke:#e3e6ea}.base{stroke:#8a94a0}.limit{fill:#eef1f5;stroke:#aab3be}.limitline{stroke:#1d2733;stroke-dasharray:3 2}
    .legend{font-size:12px;margin:4px 0 8px}.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
    table{border-collapse:collapse;font-size:12px;margin-top:8px}th,td{border-bottom:1px solid #e3e6ea;padding:4px 8px;text-align:left}th{background:#f0f2f5}
    .note{font-size:12px;color:#5f6b78}footer{padding:12px 32px 28px;font-size:11px;color:#5f6b78}code{font-size:11px}
    """
}
