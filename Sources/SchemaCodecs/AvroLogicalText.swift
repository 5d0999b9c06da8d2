/// The text forms of Avro's date and time logical types (docs/schemas.md), all UTC:
/// date `2024-03-01`, time-millis `12:30:05.250`, time-micros `12:30:05.250000`,
/// timestamp-millis `2024-03-01T12:30:05.250Z`, timestamp-micros `2024-03-01T12:30:05.250000Z`.
/// Writing also takes fewer fraction digits (or none) and, for timestamps, an offset (`+02:00`) instead of `Z`.
enum AvroLogicalText {
    static func form(of logical: AvroLogicalType) -> String {
        switch logical {
        case .date: return "YYYY-MM-DD"
        case .timeMillis: return "HH:MM:SS.sss"
        case .timeMicros: return "HH:MM:SS.ssssss"
        case .timestampMillis: return "YYYY-MM-DDTHH:MM:SS.sssZ"
        case .timestampMicros: return "YYYY-MM-DDTHH:MM:SS.ssssssZ"
        case .uuid: return "8-4-4-4-12 hex digits"
        case .decimal: return "a decimal string such as \"12.34\""
        }
    }

    /// The number Avro stores (days, ms or µs), or nil when the text is not of the logical type's form.
    static func parse(_ text: String, as logical: AvroLogicalType) -> Int64? {
        var scanner = Scanner(Array(text.utf8))
        let result: Int64?
        switch logical {
        case .date: result = scanner.date()
        case .timeMillis: result = scanner.time(fractionDigits: 3)
        case .timeMicros: result = scanner.time(fractionDigits: 6)
        case .timestampMillis: result = scanner.timestamp(fractionDigits: 3)
        case .timestampMicros: result = scanner.timestamp(fractionDigits: 6)
        case .uuid, .decimal: result = nil
        }
        return scanner.atEnd ? result : nil
    }

    static func format(_ number: Int64, as logical: AvroLogicalType) -> String? {
        switch logical {
        case .date: return date(days: number)
        case .timeMillis: return time(number, perSecond: 1000, digits: 3)
        case .timeMicros: return time(number, perSecond: 1_000_000, digits: 6)
        case .timestampMillis: return timestamp(number, perSecond: 1000, digits: 3)
        case .timestampMicros: return timestamp(number, perSecond: 1_000_000, digits: 6)
        case .uuid, .decimal: return nil
        }
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    // MARK: civil dates (proleptic Gregorian, days since 1970-01-01)

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func date(days: Int64) -> String {
        let (year, month, day) = civil(days: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func time(_ value: Int64, perSecond: Int64, digits: Int) -> String {
        let seconds = floorDiv(value, perSecond), fraction = value - seconds * perSecond
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, digits))"
    }

    private static func timestamp(_ value: Int64, perSecond: Int64, digits: Int) -> String {
        let perDay = 86_400 * perSecond
        let day = floorDiv(value, perDay)
        return "\(date(days: day))T\(time(value - day * perDay, perSecond: perSecond, digits: digits))Z"
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func digits(_ count: Int) -> Int64? {
            guard bytes.count - index >= count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += count
            return value
        }

        mutating func take(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func date() -> Int64? {
            guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
                  (1...12).contains(month), (1...31).contains(day) else { return nil }
            let days = AvroLogicalText.days(year: year, month: month, day: day)
            // 2023-02-30 would wrap into March.
            guard AvroLogicalText.civil(days: days) == (year, month, day) else { return nil }
            return days
        }

        /// In units of 10^-fractionDigits s since midnight.
        mutating func time(fractionDigits: Int) -> Int64? {
            guard let hour = digits(2), take(":"), let minute = digits(2), take(":"), let second = digits(2),
                  hour < 24, minute < 60, second < 60 else { return nil }
            var unit: Int64 = 1
            for _ in 0..<fractionDigits { unit *= 10 }
            var fraction: Int64 = 0
            if take(".") {
                var count = 0
                var scale = unit
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    count += 1
                    guard count <= fractionDigits else { return nil }
                    scale /= 10
                    fraction += Int64(bytes[index] - 0x30) * scale
                    index += 1
                }
                guard count > 0 else { return nil }
            }
            return ((hour * 60 + minute) * 60 + second) * unit + fraction
        }

        mutating func timestamp(fractionDigits: Int) -> Int64? {
            guard let day = date(), take("T") || take(" "), let time = time(fractionDigits: fractionDigits) else { return nil }
            var unit: Int64 = 1
            for _ in 0..<fractionDigits { unit *= 10 }
            var offsetSeconds: Int64 = 0
            if !take("Z") {
                let sign: Int64
                if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
                guard let hours = digits(2), take(":"), let minutes = digits(2), hours < 24, minutes < 60 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
            let (a, overflowA) = day.multipliedReportingOverflow(by: 86_400 * unit)
            guard !overflowA else { return nil }
            return a + time - offsetSeconds * unit
        }
    }
}
