import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
public enum CSV {
    /// Rows as dictionaries keyed by the header row.
    public static func records(_ text: String) -> [[String: String]] {
        let rows = parse(text)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { row in
            var record: [String: String] = [:]
            for (index, key) in header.enumerated() { record[key] = index < row.count ? row[index] : "" }
            return record
        }
    }

    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var iterator = Array(text.utf8).makeIterator()
        var pending: UInt8? = nil
        func next() -> UInt8? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        var sawAny = false
        while let byte = next() {
            sawAny = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if let following = next() {
                        if following == UInt8(ascii: "\"") {
                            field.append(byte)
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inQuotes = true
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                rows.append(row)
                row = []
            case UInt8(ascii: "\r"): continue
            default: field.append(byte)
            }
        }
        if sawAny && (!field.isEmpty || !row.isEmpty) {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        return rows
    }
}
