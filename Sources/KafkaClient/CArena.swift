import Foundation

/// C copies of Swift strings and bytes that live until the arena is released.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    func string(_ value: String) -> UnsafePointer<CChar> {
        let pointer = bytes(Array(value.utf8) + [0])
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }

    /// A non-null pointer even for empty input (empty is not null for Kafka keys and values).
    func bytes(_ value: [UInt8]) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(value.count, 1), alignment: 1)
        value.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress { pointer.copyMemory(from: base, byteCount: buffer.count) }
        }
        allocations.append(pointer)
        return pointer
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
    }
}

extension String {
    /// The text librdkafka wrote into an `errstr` buffer (NUL-terminated).
    init(errorBuffer buffer: [CChar]) {
        self = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
