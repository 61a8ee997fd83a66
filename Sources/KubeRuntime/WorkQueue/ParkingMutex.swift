public import CParkingLock

/// A mutex whose waiters poll the lock finely for about 2 µs, then sleep in the kernel: the
/// work queue's lock, which one producer and several workers take millions of times a second.
///
/// `Synchronization.Mutex` lost that contest both ways (docs/benchmarks.md, "Ninth session" and
/// "Tenth session"): its waiters poll too coarsely to catch the moment a producer lets the lock go before
/// retaking it, so a worker starved while two threads filled both cores, and half the runs fell to a
/// third of the speed. A plain pthread mutex, whose waiters sleep at once, was steady but paid two
/// system calls per contended hand-over. The lock itself is C (CParkingLock.h), for the futex.
@usableFromInline
final class ParkingMutex<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read and written only inside `withLock`, between `cparkinglock_lock` and
    // `cparkinglock_unlock` on `word`, so no two threads touch it at once; both pointers are
    // allocated in `init`, never reassigned, and freed in `deinit`, when no thread can hold the lock.
    @usableFromInline let word: UnsafeMutablePointer<UInt32>
    @usableFromInline let value: UnsafeMutablePointer<Value>

    @usableFromInline
    init(_ initialValue: Value) {
        word = .allocate(capacity: 1)
        word.initialize(to: 0)
        value = .allocate(capacity: 1)
        value.initialize(to: initialValue)
    }

    deinit {
        word.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    /// Runs `body` with the value, holding the lock. `body` must not take this lock again.
    @inlinable
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        cparkinglock_lock(word)
        defer { cparkinglock_unlock(word) }
        return try body(&value.pointee)
    }
}
