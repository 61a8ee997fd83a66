public import Prometheus

/// The Prometheus backend of the operator's metrics.
///
/// Expected flow (in the executable, once per process): `let factory = PrometheusMetrics.makeFactory()`,
/// `MetricsSystem.bootstrap(factory)`, then serve `factory.registry` with ``OperatorEndpoints``.
/// Libraries and tests pass the factory explicitly instead of bootstrapping.
public enum PrometheusMetrics {
    /// A factory that writes into `registry`, with the histogram buckets client-go and
    /// controller-runtime use for the metrics that share their names, so that dashboards built for
    /// them read the same.
    public static func makeFactory(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry())
        -> PrometheusMetricsFactory
    {
        var factory = PrometheusMetricsFactory(registry: registry)
        // controller-runtime's workqueue metrics: ExponentialBuckets(10e-9, 10, 12), 10 ns to 1000 s.
        let queueBuckets = (0..<12).map { Duration.nanoseconds(10) * pow10($0) }
        factory.durationHistogramBuckets["workqueue_queue_duration_seconds"] = queueBuckets
        factory.durationHistogramBuckets["workqueue_work_duration_seconds"] = queueBuckets
        // controller-runtime's reconcile time: fine steps to 1 s, then coarser to a minute.
        let reconcileSeconds: [Double] = [
            0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
            1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
        ]
        factory.durationHistogramBuckets["controller_runtime_reconcile_time_seconds"] = reconcileSeconds.map { .seconds($0) }
        // client-go's request latency.
        let requestSeconds: [Double] = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60]
        factory.durationHistogramBuckets["rest_client_request_duration_seconds"] = requestSeconds.map { .seconds($0) }
        return factory
    }

    private static func pow10(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(Int64(1)) { product, _ in product * 10 }
    }
}
