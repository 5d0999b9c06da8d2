import CZlib
import Foundation
import Histogram

/// HdrHistogram's compressed form (the "HISTF…" base64 text every HdrHistogram library reads):
/// the V2 encoding (a 40-byte header, then the counts as ZigZag LEB128 with runs of zeros as one
/// negative number), deflated with zlib behind an 8-byte header, all big-endian, in base64.
public enum CompressedHistogram {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    static let encodingCookie: UInt32 = 0x1c84_9313
    static let compressedCookie: UInt32 = 0x1c84_9314

    public static func encode(_ histogram: Histogram<UInt64>) -> String {
        let layout = Layout(histogram)
        var counts: [Int: UInt64] = [:]
        var highestIndex = -1
        for item in histogram.recordedValues() {
            let index = layout.index(of: item.value)
            counts[index, default: 0] += UInt64(item.count)
            highestIndex = max(highestIndex, index)
        }
        var payload: [UInt8] = []
        var index = 0
        while index <= highestIndex {
            let count = counts[index] ?? 0
            if count == 0 {
                var zeros = 1
                while index + zeros <= highestIndex, (counts[index + zeros] ?? 0) == 0 { zeros += 1 }
                appendZigZag(-Int64(zeros), to: &payload)
                index += zeros
            } else {
                appendZigZag(Int64(count), to: &payload)
                index += 1
            }
        }
        var plain: [UInt8] = []
        append(encodingCookie, to: &plain)
        append(UInt32(payload.count), to: &plain)
        append(UInt32(0), to: &plain)   // normalizing index offset
        append(UInt32(histogram.numberOfSignificantValueDigits.rawValue), to: &plain)
        append(histogram.lowestDiscernibleValue, to: &plain)
        append(histogram.highestTrackableValue, to: &plain)
        append(Double(1).bitPattern, to: &plain)   // integer-to-double conversion ratio
        plain += payload
        let deflated = deflate(plain)
        var framed: [UInt8] = []
        append(compressedCookie, to: &framed)
        append(UInt32(deflated.count), to: &framed)
        return Data(framed + deflated).base64EncodedString()
    }

    public static func decode(_ text: String) throws -> Histogram<UInt64> {
        guard let data = Data(base64Encoded: text), data.count >= 8 else { throw Problem(description: "not base64 of a compressed histogram") }
        var framed = Reader(bytes: [UInt8](data))
        guard try framed.uint32() == compressedCookie else { throw Problem(description: "not an HdrHistogram V2 compressed histogram") }
        let length = Int(try framed.uint32())
        guard length <= framed.remaining else { throw Problem(description: "compressed histogram cut short") }
        var plain = Reader(bytes: try inflate(Array(framed.bytes[framed.position..<(framed.position + length)])))
        guard try plain.uint32() == encodingCookie else { throw Problem(description: "not an HdrHistogram V2 histogram") }
        let payloadLength = Int(try plain.uint32())
        guard try plain.uint32() == 0 else { throw Problem(description: "normalizing index offsets are not supported") }
        guard let digits = SignificantDigits(rawValue: Int8(truncatingIfNeeded: try plain.uint32())) else {
            throw Problem(description: "significant digits out of range")
        }
        let lowest = try plain.uint64()
        let highest = try plain.uint64()
        _ = try plain.uint64()
        guard lowest >= 1, highest >= 2 * lowest else { throw Problem(description: "value range out of bounds") }
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits)
        let layout = Layout(histogram)
        let end = plain.position + payloadLength
        guard end <= plain.bytes.count else { throw Problem(description: "histogram payload cut short") }
        var index = 0
        while plain.position < end {
            let count = try plain.zigZag()
            if count < 0 {
                index += Int(-count)
            } else {
                let value = layout.value(at: index)
                guard value <= highest else { throw Problem(description: "a count beyond the histogram's range") }
                if count > 0 { histogram.record(value, count: UInt64(count)) }
                index += 1
            }
        }
        return histogram
    }

    // MARK: bytes

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func appendZigZag(_ value: Int64, to bytes: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        // HdrHistogram's LEB128 stops at 9 bytes: the ninth carries 8 bits.
        for _ in 0..<8 {
            if rest < 0x80 { bytes.append(UInt8(rest)); return }
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0
        var remaining: Int { bytes.count - position }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw Problem(description: "histogram cut short") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func uint32() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 { value = value << 8 | UInt32(try byte()) }
            return value
        }

        mutating func uint64() throws -> UInt64 {
            var value: UInt64 = 0
            for _ in 0..<8 { value = value << 8 | UInt64(try byte()) }
            return value
        }

        mutating func zigZag() throws -> Int64 {
            var raw: UInt64 = 0
            for i in 0..<9 {
                let b = try byte()
                if i == 8 {
                    raw |= UInt64(b) << 56
                    break
                }
                raw |= UInt64(b & 0x7f) << UInt64(7 * i)
                if b & 0x80 == 0 { break }
            }
            return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        }
    }

    // MARK: zlib

    private static func deflate(_ input: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { compress2(out.baseAddress, &size, $0.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION) }
        }
        precondition(status == Z_OK, "zlib compress failed: \(status)")
        return Array(output.prefix(Int(size)))
    }

    private static func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var capacity = max(1024, input.count * 8)
        while capacity <= 1 << 30 {
            var size = uLong(capacity)
            var output = [UInt8](repeating: 0, count: capacity)
            let status = output.withUnsafeMutableBufferPointer { out in
                input.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, uLong(input.count)) }
            }
            if status == Z_OK { return Array(output.prefix(Int(size))) }
            guard status == Z_BUF_ERROR else { throw Problem(description: "histogram does not inflate (zlib \(status))") }
            capacity *= 4
        }
        throw Problem(description: "histogram inflates beyond 1 GiB")
    }
}

/// Where a value's count sits in HdrHistogram's counts array (the same in every HdrHistogram
/// library, which is what makes the encoded counts portable).
struct Layout {
    let unitMagnitude: Int
    let subBucketHalfCountMagnitude: Int
    let subBucketMask: UInt64
    let leadingZeroCountBase: Int

    init(_ histogram: Histogram<UInt64>) {
        unitMagnitude = Int(Double.log2(Double(histogram.lowestDiscernibleValue)))
        let singleUnitResolution = 2 * pow(10, Double(histogram.numberOfSignificantValueDigits.rawValue))
        let subBucketCountMagnitude = Int(ceil(Double.log2(singleUnitResolution)))
        subBucketHalfCountMagnitude = max(subBucketCountMagnitude, 1) - 1
        subBucketMask = (UInt64(1) << UInt64(subBucketCountMagnitude) - 1) << UInt64(unitMagnitude)
        leadingZeroCountBase = 64 - unitMagnitude - subBucketCountMagnitude
    }

    private var subBucketHalfCount: Int { 1 << subBucketHalfCountMagnitude }

    func index(of value: UInt64) -> Int {
        let bucket = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucket = Int(value >> UInt64(bucket + unitMagnitude))
        return (bucket + 1) << subBucketHalfCountMagnitude + (subBucket - subBucketHalfCount)
    }

    func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket + unitMagnitude)
    }
}
