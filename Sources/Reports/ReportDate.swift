import Foundation

/// Dates in reports, built from Gregorian calendar fields so no locale can change them.
enum ReportDate {
    /// `2025-07-29T05:05:00`: JUnit's `timestamp`, in UTC, no zone suffix, no fraction.
    static func junitTimestamp(_ date: Date) -> String {
        let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        let (day, time) = fields(date, in: utc)
        return day + "T" + time
    }

    /// "2025-07-29 14:05:00 (UTC+09:00)", or "(UTC)": the seed's date style, with the zone made explicit.
    static func markdown(_ date: Date, in timeZone: TimeZone) -> String {
        let (day, time) = fields(date, in: timeZone)
        let offset = timeZone.secondsFromGMT(for: date)
        var zone = "UTC"
        if offset != 0 {
            let minutes = abs(offset) / 60
            zone += (offset < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
        }
        return "\(day) \(time) (\(zone))"
    }

    /// `YYYY-MM-DD` and `HH:MM:SS`.
    private static func fields(_ date: Date, in timeZone: TimeZone) -> (day: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return ("\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))", "\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))")
    }

    private static func pad(_ value: Int?, _ width: Int = 2) -> String {
        let text = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
