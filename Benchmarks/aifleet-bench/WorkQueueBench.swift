import CoreMetrics
import KubeRuntime

/// `hack/bench.sh workqueue`: the work queue against client-go's figures (issue 4). Keys are
/// strings shaped like controller keys (`namespace/name`), made before timing starts.
enum WorkQueueBench {
    /// Runs every figure, or with arguments (`hack/bench.sh workqueue roundtrips`) only those whose
    /// names contain one of them, for profiling one at a time.
    static func run() async {
        let filters = CommandLine.arguments.dropFirst(2)
        func wanted(_ name: String) -> Bool {
            filters.isEmpty || filters.contains { name.contains($0) }
        }
        if wanted("workqueue.dedup_adds_per_s") {
            report("workqueue.dedup_adds_per_s", await measure { await dedupAdds(keys(10_000)) }, "adds/s")
        }
        for workers in [1, 4, 16] where wanted("workqueue.roundtrips_per_s.w\(workers)") {
            let rate = await measure { await roundTrips(keys(1_000_000), workers: workers) }
            report("workqueue.roundtrips_per_s.w\(workers)", rate, "roundtrips/s")
        }
        // The key controllers queue (namespace and name), beside the String keys the figures use.
        if wanted("workqueue.objectkey.dedup_adds_per_s") {
            let rate = await measure { await dedupAdds(objectKeys(10_000)) }
            report("workqueue.objectkey.dedup_adds_per_s", rate, "adds/s")
        }
        if wanted("workqueue.objectkey.roundtrips_per_s.w4") {
            let rate = await measure { await roundTrips(objectKeys(1_000_000), workers: 4) }
            report("workqueue.objectkey.roundtrips_per_s.w4", rate, "roundtrips/s")
        }
        // A queue that keeps the time stamps of its metrics (into no-op handlers): the cost of the
        // bookkeeping a controller's queue does on top of the figures above.
        if wanted("workqueue.metrics.roundtrips_per_s.w4") {
            let configuration = WorkQueueConfiguration(metrics: .swiftMetrics(NOOPMetricsHandler.instance))
            let rate = await measure { await roundTrips(keys(1_000_000), workers: 4, configuration: configuration) }
            report("workqueue.metrics.roundtrips_per_s.w4", rate, "roundtrips/s")
        }
        if wanted("workqueue.ratelimited_ops_per_s") {
            report("workqueue.ratelimited_ops_per_s", await measure { rateLimitedOps() }, "ops/s")
        }
        if wanted("workqueue.addafter_items_per_s") {
            report("workqueue.addafter_items_per_s", await measure { await addAfterItems() }, "items/s")
        }
    }

    private static func keys(_ count: Int) -> [String] {
        (0..<count).map { "default/object-\($0)" }
    }

    private static func objectKeys(_ count: Int) -> [ObjectKey] {
        (0..<count).map { ObjectKey(namespace: "default", name: "object-\($0)") }
    }

    /// The median of 5 runs of `body` (each returning a rate) after one warm-up run.
    private static func measure(_ body: () async -> Double) async -> Double {
        _ = await body()
        var rates: [Double] = []
        for _ in 0..<5 { rates.append(await body()) }
        return rates.sorted()[2]
    }

    private static func report(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(Int(value.rounded())) \(unit)")
    }

    private static func rate(_ operations: Int, _ elapsed: Duration) -> Double {
        let (seconds, attoseconds) = elapsed.components
        return Double(operations) / (Double(seconds) + Double(attoseconds) * 1e-18)
    }

    /// One producer adds `keys` (10,000) ten times each (90% of the adds are duplicates of a waiting
    /// key), ten rounds; the queue is emptied between rounds, untimed.
    private static func dedupAdds<Key: Hashable & Sendable>(_ keys: [Key]) async -> Double {
        let queue = WorkQueue<Key>()
        var elapsed = Duration.zero
        var adds = 0
        for _ in 0..<10 {
            let start = ContinuousClock.now
            for _ in 0..<10 {
                for key in keys { queue.add(key) }
            }
            elapsed += ContinuousClock.now - start
            adds += keys.count * 10
            while queue.count > 0 {
                for key in await queue.getBatch(max: 1024) { queue.done(key) }
            }
        }
        return rate(adds, elapsed)
    }

    /// A producer adds `keys` (1,000,000 distinct ones) while `workers` tasks get and done them.
    private static func roundTrips<Key: Hashable & Sendable>(
        _ keys: [Key], workers: Int, configuration: WorkQueueConfiguration = WorkQueueConfiguration()
    ) async -> Double {
        let queue = WorkQueue<Key>(configuration: configuration)
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    // The controller's worker loop (Controller.work).
                    var next = await queue.get()
                    while let key = next { next = await queue.doneAndGet(key) }
                }
            }
            group.addTask {
                for key in keys { queue.add(key) }
                queue.shutDown()
            }
        }
        return rate(keys.count, ContinuousClock.now - start)
    }

    /// 1,000,000 AddRateLimited + Forget pairs over 10,000 keys with the default controller limiter.
    private static func rateLimitedOps() -> Double {
        let keys = keys(10_000)
        let queue = RateLimitingQueue<String>()
        let start = ContinuousClock.now
        for _ in 0..<100 {
            for key in keys {
                queue.addRateLimited(key)
                queue.forget(key)
            }
        }
        let elapsed = ContinuousClock.now - start
        queue.shutDown()
        return rate(keys.count * 100, elapsed)
    }

    /// 100,000 keys added after 1 ms each, until a worker has taken and finished them all.
    private static func addAfterItems() async -> Double {
        let keys = keys(100_000)
        let queue = DelayingQueue<String>()
        let start = ContinuousClock.now
        for key in keys { queue.add(key, after: .milliseconds(1)) }
        var taken = 0
        while taken < keys.count {
            let batch = await queue.getBatch(max: 1024)
            for key in batch { queue.done(key) }
            taken += batch.count
        }
        let elapsed = ContinuousClock.now - start
        queue.shutDown()
        return rate(keys.count, elapsed)
    }
}
