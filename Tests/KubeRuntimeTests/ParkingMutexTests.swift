import Foundation
import Testing

@testable import KubeRuntime

@Suite("ParkingMutex")
struct ParkingMutexTests {
    /// Threads of their own, not tasks: the pool has as many threads as cores, and a lock is only
    /// contended when more threads than that want it.
    @Test("eight threads incrementing under the lock lose no increment and never overlap")
    func exclusive() async {
        struct Counter: Sendable {
            var value = 0
            var holders = 0
            var overlaps = 0
        }
        let mutex = ParkingMutex(Counter())
        let threads = 8
        let increments = 50_000
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let remaining = ParkingMutex(threads)
            for _ in 0..<threads {
                Thread {
                    for _ in 0..<increments {
                        mutex.withLock { counter in
                            counter.holders += 1
                            if counter.holders > 1 { counter.overlaps += 1 }
                            counter.value += 1
                            counter.holders -= 1
                        }
                    }
                    let last = remaining.withLock { count in
                        count -= 1
                        return count == 0
                    }
                    if last { finished.resume() }
                }.start()
            }
        }
        let counter = mutex.withLock { $0 }
        #expect(counter.value == threads * increments)
        #expect(counter.overlaps == 0)
    }

    @Test("a thread that finds the lock held waits until it is released, then gets it")
    func waiterGetsTheLockAfterRelease() async throws {
        let mutex = ParkingMutex([String]())
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            mutex.withLock { log in
                log.append("holder took it")
                holding.signal()
                release.wait()
                log.append("holder releases it")
            }
        }
        holder.start()
        holding.wait()
        let waiterDone = DispatchSemaphore(value: 0)
        Thread {
            mutex.withLock { $0.append("waiter took it") }
            waiterDone.signal()
        }.start()
        // The waiter cannot get in while the holder holds the lock.
        #expect(waiterDone.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        release.signal()
        #expect(waiterDone.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(mutex.withLock { $0 } == ["holder took it", "holder releases it", "waiter took it"])
    }
}
