import CRdKafka
import Foundation

/// Mock-cluster calls that newer librdkafka versions have and 2.0.2 (Debian 12) lacks, looked up at
/// run time with `dlsym` so that the runner still links and runs against 2.0.2.
enum MockExtensions {
    private typealias SetInt32 = @convention(c) (OpaquePointer?, Int32) -> Void

    private static func lookup(_ name: String) -> SetInt32? {
        // RTLD_DEFAULT: the symbol wherever the process has it, i.e. in the librdkafka loaded.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: SetInt32.self)
    }

    /// `rd_kafka_mock_group_initial_rebalance_delay_ms` (2.3+): the mock waits this long (3 s by
    /// default, like a real broker's group.initial.rebalance.delay.ms) before a new group's first
    /// rebalance. False when the loaded librdkafka lacks it.
    static func setInitialRebalanceDelay(_ cluster: OpaquePointer, milliseconds: Int32) -> Bool {
        guard let set = lookup("rd_kafka_mock_group_initial_rebalance_delay_ms") else { return false }
        set(cluster, milliseconds)
        return true
    }

    /// `rd_kafka_mock_set_controller_id`: the 2.0.2 mock always reports controller 0, which is none
    /// of its brokers (they are 1...N), so admin requests wait for a controller forever. False when
    /// the loaded librdkafka lacks it. (Its result, an error code in some versions, is not read.)
    static func setControllerID(_ cluster: OpaquePointer, _ id: Int32) -> Bool {
        guard let set = lookup("rd_kafka_mock_set_controller_id") else { return false }
        set(cluster, id)
        return true
    }
}
