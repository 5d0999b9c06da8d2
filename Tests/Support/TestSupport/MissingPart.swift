import Foundation
import XCTest

/// A tool or package a test needs is missing. On a developer's machine the test is skipped, saying what to
/// install; under CI (`CI=true`), where scripts/install-deps.sh must have installed it, the test fails.
public func missingPart(_ reason: String) -> Error {
    ProcessInfo.processInfo.environment["CI"] == "true" ? MissingPartUnderCI(reason: reason) : XCTSkip(reason)
}

public struct MissingPartUnderCI: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "missing under CI (scripts/install-deps.sh must install it): \(reason)" }
}
