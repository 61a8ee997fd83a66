import Testing

@testable import KubeRuntime

@Suite("DelayingQueue")
struct DelayingQueueTests {
    private func makeQueue() -> (DelayingQueue<String>, ManualClock) {
        let clock = ManualClock()
        return (DelayingQueue(configuration: WorkQueueConfiguration(clock: clock)), clock)
    }

    @Test("a delayed key is added once its delay has passed, not before")
    func addsAfterTheDelay() async {
        let (queue, clock) = makeQueue()
        queue.add("a", after: .milliseconds(10))
        #expect(queue.waitingCount == 1)
        clock.advance(by: .milliseconds(9))
        #expect(await eventually { clock.sleeperCount == 1 })
        #expect(queue.count == 0)
        #expect(queue.waitingCount == 1)
        clock.advance(by: .milliseconds(1))
        #expect(await queue.get() == "a")
        #expect(queue.waitingCount == 0)
    }

    @Test("delayed keys come out in the order of their due times, whatever the order of adds")
    func ordersByDueTime() async {
        let (queue, clock) = makeQueue()
        queue.add("c", after: .milliseconds(30))
        queue.add("a", after: .milliseconds(10))
        queue.add("b", after: .milliseconds(20))
        clock.advance(by: .milliseconds(30))
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b")
        #expect(await queue.get() == "c")
    }

    @Test("a key delayed twice waits once, until the earlier time (scheduler_dedupe_should_keep_earlier_item)")
    func dedupeKeepsEarlierTime() async {
        let (queue, clock) = makeQueue()
        queue.add("k", after: .milliseconds(50))
        queue.add("k", after: .milliseconds(10))
        queue.add("k", after: .milliseconds(30))
        queue.add("sentinel", after: .milliseconds(60))
        #expect(queue.waitingCount == 2)
        clock.advance(by: .milliseconds(10))
        #expect(await queue.get() == "k")
        queue.done("k")
        #expect(queue.waitingCount == 1)
        clock.advance(by: .milliseconds(100))
        // Had a later copy of "k" survived, it would be due before the sentinel.
        #expect(await queue.get() == "sentinel")
        #expect(queue.count == 0)
    }

    @Test("a key added with an earlier time wakes the timer sleeping for a later one")
    func earlierKeyCutsTheSleepShort() async {
        let (queue, clock) = makeQueue()
        queue.add("late", after: .seconds(100))
        #expect(await eventually { clock.sleeperCount == 1 })
        queue.add("early", after: .milliseconds(5))
        clock.advance(by: .milliseconds(5))
        #expect(await queue.get() == "early")
        #expect(queue.waitingCount == 1)
    }

    @Test("a delay of zero or less adds the key at once")
    func nonPositiveDelayAddsAtOnce() async {
        let (queue, _) = makeQueue()
        queue.add("now", after: .zero)
        queue.add("past", after: .milliseconds(-5))
        #expect(queue.count == 2)
        #expect(queue.waitingCount == 0)
    }

    @Test("shutdown drops the keys still waiting and ignores later delayed adds")
    func shutDownDropsWaitingKeys() async {
        let (queue, clock) = makeQueue()
        queue.add("a", after: .milliseconds(10))
        queue.shutDown()
        queue.add("b", after: .milliseconds(10))
        clock.advance(by: .seconds(1))
        #expect(queue.waitingCount == 0)
        #expect(await queue.get() == nil)
    }

    @Test("the real clock adds a delayed key too")
    func worksOnTheSystemClock() async {
        let queue = DelayingQueue<String>()
        queue.add("a", after: .milliseconds(1))
        #expect(await queue.get() == "a")
    }
}
