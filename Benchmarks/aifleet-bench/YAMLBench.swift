// Suite `yaml`: reading and writing a multi-document manifest file of a few MB (Deployments and
// Services, the shape of `kubectl apply -f` input and of rendered fleets), in MB of YAML per second.
import KubeCore

func yamlBench() throws {
    let documents = manifestDocuments(count: 2_000)
    let text = YAML.emitDocuments(documents)
    let bytes = Array(text.utf8)
    let megabytes = Double(bytes.count) / 1_000_000

    /// The median MB/s of 5 runs after a warm-up.
    func megabytesPerSecond(_ body: () throws -> Void) rethrows -> Double {
        var rates: [Double] = []
        for run in 0...5 {  // run 0 is the warm-up
            let start = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if run > 0 { rates.append(megabytes / seconds) }
        }
        return rates.sorted()[rates.count / 2]
    }

    let parse = try megabytesPerSecond {
        let parsed = try YAML.parseDocuments(bytes, source: "bench.yaml")
        precondition(parsed.count == documents.count, "parsed \(parsed.count) of \(documents.count) documents")
    }
    let emit = megabytesPerSecond {
        let emitted = YAML.emitDocuments(documents)
        precondition(emitted.utf8.count == bytes.count, "emitted \(emitted.utf8.count) of \(bytes.count) bytes")
    }
    print("yaml.parse_mb_per_s \(Int(parse)) MB/s")
    print("yaml.emit_mb_per_s \(Int(emit)) MB/s")
    print("yaml.manifest_bytes \(bytes.count) bytes")
}

/// Pairs of a Deployment (labels, a container with env, ports, probes, resources, a multi-line
/// script) and its Service.
private func manifestDocuments(count: Int) -> [JSONValue] {
    var documents: [JSONValue] = []
    for index in 0..<count / 2 {
        let name = JSONValue.string("model-\(index)")
        let labels: JSONValue = .object(["app.kubernetes.io/name": name, "aifleet.dev/fleet": .string("llm"),
                                         "tier": .string("inference")])
        let container: JSONValue = .object([
            "name": .string("server"),
            "image": .string("registry.example.com/models/server:1.\(index % 10).0"),
            "args": .array([.string("--port=8080"), .string("--model"), .string("/models/m\(index)")]),
            "env": .array((0..<4).map { .object(["name": .string("VAR_\($0)"), "value": .string("\($0 * index)")]) }),
            "ports": .array([.object(["containerPort": .int(8080), "name": .string("http"), "protocol": .string("TCP")])]),
            "readinessProbe": .object(["httpGet": .object(["path": .string("/healthz"), "port": .int(8080)]),
                                       "periodSeconds": .int(10)]),
            "resources": .object(["limits": .object(["nvidia.com/gpu": .string("1"), "memory": .string("16Gi")]),
                                  "requests": .object(["cpu": .string("500m"), "memory": .string("8Gi")])]),
            "command": .array([.string("/bin/sh"), .string("-c"),
                               .string("set -e\nwarm-up --model m\(index)\nexec server \"$@\"\n")]),
        ])
        documents.append(.object([
            "apiVersion": .string("apps/v1"), "kind": .string("Deployment"),
            "metadata": .object(["name": name, "namespace": .string("fleet"), "labels": labels]),
            "spec": .object([
                "replicas": .int(Int64(index % 5)),
                "selector": .object(["matchLabels": labels]),
                "template": .object([
                    "metadata": .object(["labels": labels, "annotations": .object(["ratio": .double(0.75)])]),
                    "spec": .object(["containers": .array([container]), "enableServiceLinks": .bool(false)]),
                ]),
            ]),
        ]))
        documents.append(.object([
            "apiVersion": .string("v1"), "kind": .string("Service"),
            "metadata": .object(["name": name, "namespace": .string("fleet"), "labels": labels]),
            "spec": .object([
                "selector": labels,
                "ports": .array([.object(["port": .int(80), "targetPort": .string("http"), "name": .string("http")])]),
            ]),
        ]))
    }
    return documents
}
