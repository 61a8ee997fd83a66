// Benchmarks: `hack/bench.sh SUITE` builds this in release mode and runs one suite. Each figure is
// printed on its own line as `name value unit`, the median of the runs after a warm-up.
#if canImport(Glibc)
import Glibc
#endif

let suites: [String: () async throws -> Void] = [
    "informer": InformerBench.run,
    "kubesim": KubeSimBench.run,
    "models": modelsBench,
    "operator": OperatorBench.run,
    "transport": TransportBench.run,
    "workqueue": WorkQueueBench.run,
    "yaml": yamlBench,
]

let arguments = CommandLine.arguments.dropFirst()
guard let suiteName = arguments.first, let suite = suites[suiteName] else {
    let names = suites.keys.sorted().joined(separator: ", ")
    print("usage: aifleet-bench SUITE   (suites: \(names))")
    exit(2)
}
BenchProcess.killChildrenOnInterrupt()
do {
    try await suite()
} catch {
    print("aifleet-bench \(suiteName): \(error)")
    exit(1)
}
