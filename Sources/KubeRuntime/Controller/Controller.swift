import Logging
public import ServiceLifecycle
import Synchronization

/// Runs a ``Reconciler`` for the keys its informers' events put on a rate-limited work queue
/// (controller-runtime's controller). Build one with ``ControllerBuilder``.
///
/// ## Expected flow
/// ``run()`` waits until every informer the controller reads has synced, then starts its workers.
/// Each worker takes a key, reconciles it, and requeues it as the result or error says.
///
/// ## Guarantees
/// - A key is reconciled by one worker at a time; events that arrive meanwhile make it run once
///   more afterwards (the work queue's contract), so no change is missed and none is processed
///   twice concurrently.
/// - A thrown error requeues the key with per-key exponential backoff (5 ms to 1000 s) under an
///   overall token bucket; a ``TerminalError`` is not retried.
/// - On graceful shutdown the queue stops handing out keys and in-flight reconciles finish; they
///   are cancelled only if the service group's shutdown deadline passes.
public final class Controller: ServiceLifecycle.Service, Sendable {
    /// The controller's name: the `controller` label of its metrics and its work queue's name.
    public let name: String
    /// The controller's work queue (exposed so other sources can enqueue keys).
    public let queue: RateLimitingQueue<ObjectKey>
    let reconciler: any Reconciler
    let workers: Int
    let informers: [any RunnableInformer]
    let metrics: ControllerMetrics
    let clock: any RuntimeClock
    let logger: Logger
    private let inFlight = Mutex(0)

    init(
        name: String, queue: RateLimitingQueue<ObjectKey>, reconciler: any Reconciler, workers: Int,
        informers: [any RunnableInformer], metrics: ControllerMetrics, clock: any RuntimeClock, logger: Logger
    ) {
        self.name = name
        self.queue = queue
        self.reconciler = reconciler
        self.workers = workers
        self.informers = informers
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// Waits for the caches, then reconciles until a graceful shutdown or cancellation.
    public func run() async throws {
        for informer in informers where await !informer.waitUntilSynced() {
            return
        }
        logger.info("caches synced; starting workers", metadata: ["controller": "\(name)", "workers": "\(workers)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    for _ in 0..<workers {
                        group.addTask { await self.work() }
                    }
                }
            } onGracefulShutdown: {
                self.queue.shutDown()
            }
        } onCancel: {
            queue.shutDown()
        }
        logger.info("workers stopped", metadata: ["controller": "\(name)"])
    }

    /// Whether a reconcile is running now.
    public var isBusy: Bool { inFlight.withLock { $0 > 0 } }

    private func work() async {
        // `doneAndGet` finishes a key and takes the next under one acquisition of the queue's lock.
        var next = await queue.get()
        while let key = next {
            let active = inFlight.withLock { count in
                count += 1
                return count
            }
            metrics.workers(active)
            await reconcile(key)
            let remaining = inFlight.withLock { count in
                count -= 1
                return count
            }
            metrics.workers(remaining)
            next = await queue.doneAndGet(key)
        }
    }

    private func reconcile(_ key: ObjectKey) async {
        let start = clock.now()
        do {
            let result = try await reconciler.reconcile(key)
            let elapsed = clock.now() - start
            switch result {
            case .done:
                queue.forget(key)
                metrics.record(.success, duration: elapsed)
            case .requeue:
                queue.addRateLimited(key)
                metrics.record(.requeue, duration: elapsed)
            case .requeueAfter(let delay):
                queue.forget(key)
                queue.add(key, after: delay)
                metrics.record(.requeueAfter, duration: elapsed)
            }
        } catch let error as TerminalError {
            queue.forget(key)
            metrics.record(.error, duration: clock.now() - start)
            logger.error(
                "reconcile failed; not retrying", metadata: ["controller": "\(name)", "key": "\(key)", "error": "\(error)"])
        } catch {
            queue.addRateLimited(key)
            metrics.record(.error, duration: clock.now() - start)
            logger.warning(
                "reconcile failed; will retry",
                metadata: [
                    "controller": "\(name)", "key": "\(key)", "error": "\(error)",
                    "retries": "\(queue.numRequeues(key))",
                ])
        }
    }
}
