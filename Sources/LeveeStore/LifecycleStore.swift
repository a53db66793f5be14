import Foundation
import LeveeCore

/// Lifecycle items and their timers. A timer is the item's deadline: the timer service asks for the items that are
/// due, and an item moved on by its timer is no longer due, so each timer fires once, across restarts too.
public protocol LifecycleStore: Sendable {
    func lifecycleItem(repository: String, number: Int) async throws -> LifecycleItem?
    func saveLifecycleItem(_ item: LifecycleItem) async throws
    /// Items not on hold whose deadline has passed, oldest deadline first.
    func dueLifecycleItems(now: Date, limit: Int) async throws -> [LifecycleItem]
    /// An author's items in a phase, oldest first (the parked ones waiting for a slot).
    func lifecycleItems(repository: String, author: String, phase: LifecycleItem.Phase) async throws -> [LifecycleItem]
    /// Open items per mentor and per triager in a repository, for their capacity.
    func helperLoad(repository: String) async throws -> [String: Int]
}
