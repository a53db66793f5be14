import Testing

@testable import LeveeConfig
