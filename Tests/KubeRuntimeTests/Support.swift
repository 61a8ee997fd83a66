import Synchronization

/// Yields until `condition` holds, for waiting on other tasks to reach a state without sleeping;
/// gives up after `attempts` yields so that a broken condition fails the test instead of hanging.
func eventually(attempts: Int = 1_000_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<attempts {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

/// A value shared between a test and the tasks it starts.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func get() -> Value { value.withLock { $0 } }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
}
