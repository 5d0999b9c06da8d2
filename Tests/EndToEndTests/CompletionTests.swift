import Foundation
import XCTest

/// Shell completion completes files and folders for path arguments and the options naming paths: bash's completion
/// is run for real (in a folder holding failing.yaml, notes.txt, faults/ and reports-old/); zsh and fish are not
/// installed here, so their scripts are read for the path completers.
final class CompletionTests: XCTestCase {
    func testBashCompletesScenarioFilesFoldersAndPathOptions() throws {
        let dir = try CLI.temporaryDirectory()
        for file in ["failing.yaml", "notes.txt", "local.properties"] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(file).path, contents: Data())
        }
        for folder in ["faults", "reports-old"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let script = """
            source <("$1" --generate-completion-script bash)
            try() {
              COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$*"
              COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=()
              _kafka-scenario kafka-scenario "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
              echo "$*: $(printf '%s\\n' "${COMPREPLY[@]}" | sort | tr '\\n' ' ')"
            }
            try kafka-scenario run fa
            try kafka-scenario validate fa
            try kafka-scenario list fa
            try kafka-scenario run --report-dir re
            try kafka-scenario run --client-config lo
            try kafka-scenario run --profiles-dir fa
            """
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-c", script, "bash", CLI.binary.path]
        bash.currentDirectoryURL = dir
        let pipe = Pipe()
        bash.standardOutput = pipe
        bash.standardError = pipe
        try bash.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        bash.waitUntilExit()
        XCTAssertEqual(output, """
            kafka-scenario run fa: failing.yaml faults \("")
            kafka-scenario validate fa: failing.yaml faults \("")
            kafka-scenario list fa: failing.yaml faults \("")
            kafka-scenario run --report-dir re: reports-old \("")
            kafka-scenario run --client-config lo: local.properties \("")
            kafka-scenario run --profiles-dir fa: faults \("")

            """)
    }

    func testZshAndFishScriptsCompletePaths() throws {
        let zsh = try CLI.run(["--generate-completion-script", "zsh"]).stdout
        XCTAssertTrue(zsh.contains("'*:paths:_files -g '\\''*.yaml *.yml'\\'''"), "zsh: scenario paths")
        XCTAssertTrue(zsh.contains("]:report-dir:_files -/'"), "zsh: --report-dir is a folder")
        XCTAssertTrue(zsh.contains("]:client-config:_files'"), "zsh: --client-config is a file")
        XCTAssertTrue(zsh.contains("]:dir:_files -/'"), "zsh: --profiles-dir is a folder")
        let fish = try CLI.run(["--generate-completion-script", "fish"]).stdout
        let runPaths = fish.split(separator: "\n").first { $0.contains("positional \"kafka-scenario run\"") } ?? ""
        XCTAssertTrue(runPaths.contains("__fish_complete_directories"), "fish: run's paths: \(runPaths)")
        XCTAssertTrue(fish.contains("-l 'report-dir' -d 'Where reports are written.' -rfa '(__kafka-scenario_complete_directories)'"))
        XCTAssertTrue(fish.contains("-l 'client-config' -d 'A properties file of librdkafka settings; ${env:NAME} is replaced from the environment.' -rF"))
    }
}
