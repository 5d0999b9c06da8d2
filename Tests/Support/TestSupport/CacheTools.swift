import Foundation

/// The tools scripts/install-deps.sh puts into the cache venv (`$KAFKA_SCENARIO_CACHE`, else
/// ~/.cache/kafka-scenario), and a way to run one.
public enum CacheTools {
    public static var cache: String {
        let env = ProcessInfo.processInfo.environment
        return env["KAFKA_SCENARIO_CACHE"] ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache/kafka-scenario"
    }

    /// `venv/bin/<name>`; a missing tool skips the test, or fails it under CI.
    public static func venvTool(_ name: String, installedBy package: String) throws -> String {
        let tool = cache + "/venv/bin/" + name
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw missingPart("\(name) is not installed at \(tool) (scripts/install-deps.sh installs \(package) from PyPI)")
        }
        return tool
    }

    /// The cache venv's python3 when it can run `imports` (e.g. "import confluent_kafka"); a missing venv or
    /// module skips the test, or fails it under CI.
    public static func venvPython(_ imports: String) throws -> String {
        let python = cache + "/venv/bin/python3"
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", imports]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { throw missingPart("no venv python at \(python): run scripts/install-deps.sh") }
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            throw missingPart("'\(imports)' fails in \(python): run scripts/install-deps.sh")
        }
        return python
    }

    /// PATH with the cache venv first, as scripts/run.sh sets it (the example service's python3 is the venv's).
    public static func pathWithVenvFirst() -> String {
        cache + "/venv/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    /// Runs `tool` with `arguments`; its exit status and its stdout and stderr together (127: no such tool).
    public static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return (127, "\(tool) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
