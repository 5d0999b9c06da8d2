import ScenarioSpec

/// libFuzzer entry point: any bytes, read as a scenario file, must yield a suite or diagnostics —
/// never a crash, a hang or a sanitizer report. Rendering the diagnostics is part of the path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    // A path in a folder that does not exist: `value_file` checks look there and find nothing.
    let loaded = SpecLoader().load(bytes: bytes, file: "/nonexistent-fuzz-dir/input.yaml")
    for diagnostic in loaded.diagnostics {
        _ = DiagnosticRenderer.render(diagnostic, source: loaded.source)
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` and aliases `main` to it, so
/// libFuzzer's own `main` is never pulled in: start its driver from here instead.
@_cdecl("SpecLoaderFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
