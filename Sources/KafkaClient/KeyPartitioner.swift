/// Where a keyed message lands, computed as the clients do: the Java client (and librdkafka's
/// `murmur2`/`murmur2_random`) take murmur2 of the key bytes, made positive, modulo the partition
/// count; librdkafka's default `consistent_random` (confluent-kafka, kcat, this tool's producer) takes
/// CRC-32 of the key bytes modulo the partition count.
public enum KeyPartitioner {
    /// Kafka's murmur2 (seed 0x9747b28c), as `org.apache.kafka.common.utils.Utils.murmur2`.
    public static func murmur2(_ bytes: [UInt8]) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: bytes.count)
        let blocks = bytes.count / 4
        for i in 0..<blocks {
            let b = i * 4
            var k = UInt32(bytes[b]) | UInt32(bytes[b + 1]) << 8 | UInt32(bytes[b + 2]) << 16 | UInt32(bytes[b + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blocks * 4
        switch bytes.count % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            fallthrough
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            fallthrough
        case 1:
            h ^= UInt32(bytes[tail])
            h = h &* m
        default: break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// CRC-32 (IEEE, reflected, as zlib), the hash of librdkafka's `consistent` partitioners.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The Java client's partition for a key.
    public static func murmur2Partition(_ key: [UInt8], partitions: Int) -> Int32 {
        guard partitions > 0 else { return 0 }
        return Int32((UInt32(bitPattern: murmur2(key)) & 0x7fff_ffff) % UInt32(partitions))
    }

    /// librdkafka's `consistent_random` partition for a (non-empty) key.
    public static func consistentPartition(_ key: [UInt8], partitions: Int) -> Int32 {
        guard partitions > 0 else { return 0 }
        return Int32(crc32(key) % UInt32(partitions))
    }
}
