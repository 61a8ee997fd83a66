import CoreMetrics
import Synchronization

/// A metrics backend that keeps every value in memory, keyed by `label{dimensions}`, for asserting
/// what a component recorded.
final class TestMetricsFactory: MetricsFactory {
    private let values = Mutex<[String: [Double]]>([:])
    private let totals = Mutex<[String: Double]>([:])

    /// The running total of a counter or meter (`0` when never touched).
    func total(_ label: String, name: String) -> Double {
        totals.withLock { $0[Self.key(label, [("name", name)])] ?? 0 }
    }

    /// Every value recorded by a timer (in nanoseconds) or recorder.
    func recorded(_ label: String, name: String) -> [Double] {
        values.withLock { $0[Self.key(label, [("name", name)])] ?? [] }
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        "\(label){\(dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ","))}"
    }

    fileprivate func add(_ key: String, _ amount: Double) {
        totals.withLock { $0[key, default: 0] += amount }
    }

    fileprivate func set(_ key: String, _ value: Double) {
        totals.withLock { $0[key] = value }
    }

    fileprivate func record(_ key: String, _ value: Double) {
        values.withLock { $0[key, default: []].append(value) }
    }

    private final class Handler: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler,
        TimerHandler
    {
        let key: String
        let factory: TestMetricsFactory

        init(key: String, factory: TestMetricsFactory) {
            self.key = key
            self.factory = factory
        }

        func increment(by amount: Int64) { factory.add(key, Double(amount)) }
        func increment(by amount: Double) { factory.add(key, amount) }
        func decrement(by amount: Double) { factory.add(key, -amount) }
        func set(_ value: Int64) { factory.set(key, Double(value)) }
        func set(_ value: Double) { factory.set(key, value) }
        func record(_ value: Int64) { factory.record(key, Double(value)) }
        func record(_ value: Double) { factory.record(key, value) }
        func recordNanoseconds(_ duration: Int64) { factory.record(key, Double(duration)) }
        func reset() { factory.set(key, 0) }
    }

    private func handler(_ label: String, _ dimensions: [(String, String)]) -> Handler {
        Handler(key: Self.key(label, dimensions), factory: self)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        handler(label, dimensions)
    }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        handler(label, dimensions)
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        handler(label, dimensions)
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        handler(label, dimensions)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        handler(label, dimensions)
    }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
