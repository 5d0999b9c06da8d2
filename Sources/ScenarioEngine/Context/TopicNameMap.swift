/// Declared topic names (as written in the file) to real ones (isolated topics carry the run id).
final class TopicNameMap: Sendable {
    private let names: Locked<[String: String]>

    init(_ names: [String: String] = [:]) { self.names = Locked(names) }

    func real(_ declared: String) -> String {
        names.withLock { $0[declared] ?? declared }
    }

    func declared(forReal real: String) -> String {
        names.withLock { names in names.first(where: { $0.value == real })?.key ?? real }
    }

    /// Every declared name with its real one.
    var all: [String: String] { names.withLock { $0 } }

    func map(_ declared: String, to real: String) {
        names.withLock { $0[declared] = real }
    }
}
