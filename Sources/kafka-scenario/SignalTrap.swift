import Dispatch
import Foundation
import ScenarioEngine

/// SIGINT/SIGTERM cancel the run so it stops, cleans up and writes its reports; a second one exits at once.
final class SignalTrap: @unchecked Sendable { // unchecked: `sources` is written only in init; `signal` is reached only under `lock`
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var signal: Int32?

    init(cancellation: Cancellation) {
        for sig in [SIGINT, SIGTERM] {
            Foundation.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let first = self.lock.withLock { () -> Bool in
                    defer { if self.signal == nil { self.signal = sig } }
                    return self.signal == nil
                }
                if !first { Foundation.exit(128 + sig) }
                // The reason is read after "interrupted: " and "not run: ": name the cause, not the effect again.
                cancellation.cancel(sig == SIGINT ? "SIGINT received" : "SIGTERM received")
            }
            source.resume()
            sources.append(source)
        }
    }

    var received: Int32? { lock.withLock { signal } }
}
