import Foundation

/// Reads a security report written in Markdown or plain text, as it reaches a project's
/// security contact or bug-bounty inbox. HackerOne's export layout (`# Title`, a two-column
/// metadata table, `## Vulnerability Details`, `## Impact`) is recognised: the table becomes
/// `metadata` and is not counted as the reporter's prose.
public enum SecurityReportReader {
    public static func read(_ text: String) -> Contribution {
        let lines = TextStats.lines(text)
        var title = ""
        var bodyLines: [Substring] = []
        var metadata: [String: String] = [:]
        var index = 0
        while index < lines.count, lines[index].trimmed.isEmpty { index += 1 }
        if index < lines.count {
            let first = lines[index].trimmed
            if first.hasPrefix("# ") {
                title = String(first.dropFirst(2)).trimmed
                index += 1
            } else if let colon = first.range(of: "Title:", options: [.caseInsensitive, .anchored]) {
                title = first[colon.upperBound...].trimmed
                index += 1
            }
        }
        var inTable = false
        while index < lines.count {
            let line = lines[index]
            let t = line.trimmed
            if bodyLines.allSatisfy({ $0.trimmed.isEmpty }) || inTable, t.hasPrefix("|"), t.hasSuffix("|") {
                let cells = t.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map(
                    \.trimmed)
                if cells.count == 2 {
                    inTable = true
                    let key = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "*"))
                    if !key.isEmpty, !key.allSatisfy({ $0 == "-" || $0 == ":" }) { metadata[key] = cells[1] }
                    index += 1
                    continue
                }
            }
            inTable = false
            bodyLines.append(line)
            index += 1
        }
        if title.isEmpty, let firstLine = bodyLines.first(where: { !$0.trimmed.isEmpty }) {
            title = TextStats.quote(firstLine, limit: 120)
        }
        return Contribution(
            kind: .securityReport, title: title, body: bodyLines.joined(separator: "\n").trimmed, metadata: metadata)
    }
}
