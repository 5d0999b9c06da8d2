import XCTest
import ScenarioSpec
@testable import SchemaCodecs
