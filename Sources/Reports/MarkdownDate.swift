import Foundation

/// "2025-07-29 14:05:00 (UTC)" or "(UTC+09:00)": the seed's date style, with the zone made explicit.
enum MarkdownDate {
    static func format(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int = 2) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let offset = timeZone.secondsFromGMT(for: date)
        var zone = "UTC"
        if offset != 0 {
            let minutes = abs(offset) / 60
            zone += (offset < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
        }
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) (\(zone))"
    }
}
