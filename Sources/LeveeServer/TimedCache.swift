import Foundation

/// Values fetched from GitHub, by key, each kept for `lifetime` after it was fetched; a fetch that fails is not kept,
/// so the next caller asks again. Shared by the author facts, the track records and the project packages.
actor TimedCache<Value: Sendable> {
    let lifetime: TimeInterval
    private var entries: [String: (at: Date, value: Value)] = [:]

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func value(_ key: String, now: Date, fetch: @Sendable () async throws -> Value) async throws -> Value {
        if let entry = entries[key], now.timeIntervalSince(entry.at) < lifetime { return entry.value }
        let value = try await fetch()
        if entries.count > 10_000 { entries.removeAll() }
        entries[key] = (now, value)
        return value
    }
}
