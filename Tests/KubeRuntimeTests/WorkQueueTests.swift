import Synchronization
import Testing

@testable import KubeRuntime

@Suite("WorkQueue")
struct WorkQueueTests {
    @Test("a key added many times before it is taken is handed out once")
    func deduplicatesWaitingKeys() async {
        let queue = WorkQueue<String>()
        for key in ["a", "b", "a", "a", "b", "c"] { queue.add(key) }
        #expect(queue.count == 3)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b")
        #expect(await queue.get() == "c")
        #expect(queue.count == 0)
    }

    @Test("keys are handed out in the order they were first added")
    func handsOutInFirstAddOrder() async {
        let queue = WorkQueue<Int>()
        queue.add(contentsOf: [3, 1, 2, 1, 3])
        #expect(await queue.getBatch(max: 10) == [3, 1, 2])
    }

    @Test("a key re-added while it is processed is not handed out until done, then is handed out again")
    func reAddWhileProcessingIsProcessedAgainAfterDone() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        let first = await queue.get()
        #expect(first == "a")
        queue.add("a")
        queue.add("a")
        #expect(queue.count == 0, "a key being processed must not be queued for a second worker")
        queue.done("a")
        #expect(queue.count == 1)
        #expect(await queue.get() == "a")
        queue.done("a")
        #expect(queue.count == 0)
    }

    @Test("a key re-added while processed goes straight to a waiting worker after done")
    func reAddedKeyGoesToWaitingGetterAfterDone() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        _ = await queue.get()
        queue.add("a")
        let waiter = Task { await queue.get() }
        #expect(await eventually { queue.waitingGetterCount == 1 })
        queue.done("a")
        #expect(await waiter.value == "a")
    }

    /// A key whose hash is the same for every value, so that every lookup probes colliding keys.
    private struct CollidingKey: Hashable, Sendable {
        let name: String
        func hash(into hasher: inout Hasher) { hasher.combine(0) }
    }

    @Test("keys whose hashes collide are still told apart, and each is still deduplicated")
    func collidingKeysStayDistinct() async {
        let queue = WorkQueue<CollidingKey>()
        let keys = (0..<50).map { CollidingKey(name: "default/object-\($0)") }
        for _ in 0..<3 { queue.add(contentsOf: keys) }
        #expect(queue.count == 50)
        let taken = await queue.getBatch(max: 100)
        #expect(taken == keys)
        queue.add(keys[7])
        for key in taken { queue.done(key) }
        #expect(await queue.getBatch(max: 100) == [keys[7]], "only the re-added key comes back")
    }

    @Test("done for a key that is not being processed changes nothing")
    func doneForUnknownKeyIsIgnored() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.done("a")
        queue.done("zzz")
        #expect(queue.count == 1)
        #expect(await queue.get() == "a")
    }

    /// What the workers of the concurrency test saw.
    private final class Tracker: Sendable {
        struct State {
            var inFlight = Set<Int>()
            var violations = 0
            var processed = 0
            /// The round of each key's latest add, and the round its latest processing saw when it
            /// began: equal at the end if no add was lost.
            var lastAddedRound: [Int: Int] = [:]
            var observedRound: [Int: Int] = [:]
        }
        let state = Mutex(State())
    }

    @Test(
        "with 16 workers, no key is ever processed by two workers at once and every add is seen",
        arguments: [false, true])
    func neverProcessesOneKeyConcurrently(doneAndGet: Bool) async {
        let queue = WorkQueue<Int>()
        let tracker = Tracker()
        let rounds = 400
        let keys = 8
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var next = await queue.get()
                    while let key = next {
                        tracker.state.withLock { state in
                            if !state.inFlight.insert(key).inserted { state.violations += 1 }
                            state.observedRound[key] = state.lastAddedRound[key]
                        }
                        await Task.yield()
                        tracker.state.withLock { state in
                            state.inFlight.remove(key)
                            state.processed += 1
                        }
                        if doneAndGet {
                            next = await queue.doneAndGet(key)
                        } else {
                            queue.done(key)
                            next = await queue.get()
                        }
                    }
                }
            }
            group.addTask {
                for round in 0..<rounds {
                    for key in 0..<keys {
                        tracker.state.withLock { $0.lastAddedRound[key] = round }
                        queue.add(key)
                    }
                    await Task.yield()
                }
                // Every key is processed once more after its last add; then stop the workers.
                while queue.count > 0 || queue.waitingGetterCount < 16 { await Task.yield() }
                queue.shutDown()
            }
        }
        let state = tracker.state.withLock { $0 }
        #expect(state.violations == 0)
        #expect(state.processed >= keys)
        #expect(state.observedRound == state.lastAddedRound)
        #expect(queue.count == 0)
    }

    @Test("getBatch takes what is ready at once, and waits for one key when nothing is")
    func getBatchTakesReadyKeys() async {
        let queue = WorkQueue<Int>()
        queue.add(contentsOf: 0..<5)
        #expect(await queue.getBatch(max: 3) == [0, 1, 2])
        #expect(await queue.getBatch(max: 3) == [3, 4])
        let waiter = Task { await queue.getBatch(max: 3) }
        #expect(await eventually { queue.waitingGetterCount == 1 })
        queue.add(9)
        #expect(await waiter.value == [9])
    }

    @Test("shutdown wakes every waiting getter with nil")
    func shutDownWakesWaitingGetters() async {
        let queue = WorkQueue<String>()
        let getters = (0..<3).map { _ in Task { await queue.get() } }
        #expect(await eventually { queue.waitingGetterCount == 3 })
        queue.shutDown()
        for getter in getters {
            #expect(await getter.value == nil)
        }
    }

    @Test("after shutdown, adds are ignored but keys already queued are still handed out")
    func shutDownKeepsQueuedKeys() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.shutDown()
        queue.add("b")
        #expect(queue.isShuttingDown)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == nil)
    }

    @Test("shutdown with drain waits until every key in flight is done")
    func shutDownWithDrainWaitsForInFlightKeys() async {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("b")
        let a = await queue.get()
        let b = await queue.get()
        let drained = Shared(false)
        let drain = Task {
            await queue.shutDownWithDrain()
            drained.set(true)
        }
        #expect(await eventually { queue.isShuttingDown })
        if let a { queue.done(a) }
        for _ in 0..<1000 { await Task.yield() }
        let drainedEarly = drained.get()
        #expect(!drainedEarly, "one key is still in flight")
        if let b { queue.done(b) }
        await drain.value
        let drainedAtEnd = drained.get()
        #expect(drainedAtEnd)
    }

    @Test("shutdown with drain returns at once when nothing is in flight")
    func shutDownWithDrainWithNothingInFlight() async {
        let queue = WorkQueue<String>()
        await queue.shutDownWithDrain()
        #expect(queue.isShuttingDown)
    }

    @Test("a getter whose task is cancelled returns nil and leaves keys for others")
    func cancelledGetterReturnsNil() async {
        let queue = WorkQueue<String>()
        let getter = Task { await queue.get() }
        #expect(await eventually { queue.waitingGetterCount == 1 })
        getter.cancel()
        #expect(await getter.value == nil)
        #expect(queue.waitingGetterCount == 0)
        queue.add("a")
        #expect(queue.count == 1)
    }

    // MARK: - doneAndGet

    @Test("doneAndGet finishes a key and hands out the next; a key re-added meanwhile comes after those queued")
    func doneAndGetFinishesThenTakesTheNextKey() async {
        let queue = WorkQueue<String>()
        queue.add(contentsOf: ["a", "b"])
        #expect(await queue.get() == "a")
        queue.add("a")
        #expect(await queue.doneAndGet("a") == "b")
        #expect(await queue.doneAndGet("b") == "a")
        let waiter = Task { await queue.doneAndGet("a") }
        #expect(await eventually { queue.waitingGetterCount == 1 })
        #expect(queue.count == 0, "the finished key was not re-added, so it left the queue")
        queue.add("c")
        #expect(await waiter.value == "c")
        queue.shutDown()
        #expect(await queue.doneAndGet("c") == nil)
    }

    @Test("doneAndGet lets shutdown with drain finish only when the key it takes is done too")
    func doneAndGetKeepsTheDrainWaitingForItsKey() async {
        let queue = WorkQueue<String>()
        queue.add(contentsOf: ["a", "b"])
        let a = await queue.get()
        let drained = Shared(false)
        let drain = Task {
            await queue.shutDownWithDrain()
            drained.set(true)
        }
        #expect(await eventually { queue.isShuttingDown })
        if let a { #expect(await queue.doneAndGet(a) == "b") }
        for _ in 0..<1000 { await Task.yield() }
        let drainedEarly = drained.get()
        #expect(!drainedEarly, "b is in flight")
        #expect(await queue.doneAndGet("b") == nil)
        await drain.value
    }
}
