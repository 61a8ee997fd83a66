import Fleet
import Testing

@Suite("FleetPolicy merge")
struct PolicyMergeTests {
    @Test("with no policy the built-in default applies")
    func builtIn() {
        let policy = EffectivePolicy(merging: [])
        #expect(policy == .builtIn)
        #expect(policy.requiredLabels == FleetLabels.costLabels.sorted())
        #expect(policy.gpuClasses.map(\.name) == ["nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-l4", "nvidia-t4"])
        #expect(policy.maxReplicas == 20 && policy.maxHourlySpendPerService == 50)
        #expect(policy.enforcement == .enforce && policy.sources.isEmpty)
    }

    @Test("a single value comes from the highest priority policy that sets it, then by name")
    func scalarsFirstSetWins() {
        let low = Fixtures.policy("a-low", priority: 1) { $0.prices = Prices(cpuHourly: 0.10, memoryGiBHourly: 0.02) }
        let high = Fixtures.policy("z-high", priority: 5) { $0.prices = Prices(cpuHourly: 0.07) }
        let tieB = Fixtures.policy("b", priority: 1) { $0.defaults = PolicyDefaults(idleAfter: "30m") }
        let tieA = Fixtures.policy("a", priority: 1) { $0.defaults = PolicyDefaults(idleAfter: "5m") }
        let policy = EffectivePolicy(merging: [low, tieB, high, tieA])
        #expect(policy.cpuHourly == 0.07)  // z-high sets it
        #expect(policy.memoryGiBHourly == 0.02)  // only a-low sets it
        #expect(policy.defaultIdleAfter == "5m")  // same priority: a before b
        #expect(policy.sources == ["z-high", "a", "a-low", "b"])
    }

    @Test("a value no policy sets falls back to the built-in default")
    func fallback() {
        let policy = EffectivePolicy(merging: [Fixtures.policy("only") { $0.requiredLabels = ["team"] }])
        #expect(policy.spotDiscount == 0.65)
        #expect(policy.defaultTTLAfterFinished == "1h")
        #expect(policy.maxReplicas == 20)
        // Lists are not filled from the built-in default.
        #expect(policy.requiredLabels == ["team"])
        #expect(policy.gpuClasses.isEmpty)
        #expect(policy.gpuNamespaces == nil)
    }

    @Test("lists and maps are the union; a GPU class name takes the first policy's class")
    func unions() {
        let a = Fixtures.policy("a", priority: 2) {
            $0.requiredLabels = ["team", "owner"]
            $0.gpuClasses = [GPUClass(name: "l4", hourlyPrice: 0.70)]
            $0.gpuNamespaces = ["ml-*"]
            $0.spot = SpotSettings(nodeSelector: ["capacity": "spot"])
        }
        let b = Fixtures.policy("b", priority: 1) {
            $0.requiredLabels = ["team", "env"]
            $0.gpuClasses = [GPUClass(name: "l4", hourlyPrice: 0.90), GPUClass(name: "t4", hourlyPrice: 0.50)]
            $0.gpuNamespaces = ["research"]
            $0.spot = SpotSettings(nodeSelector: ["capacity": "preemptible", "zone": "a"])
        }
        let policy = EffectivePolicy(merging: [b, a])
        #expect(policy.requiredLabels == ["env", "owner", "team"])
        #expect(policy.gpuClasses == [GPUClass(name: "l4", hourlyPrice: 0.70), GPUClass(name: "t4", hourlyPrice: 0.50)])
        #expect(policy.gpuNamespaces == ["ml-*", "research"])
        #expect(policy.spotNodeSelector == ["capacity": "spot", "zone": "a"])
    }

    @Test("caps and budgets take the strictest value whatever the priority")
    func capsStrictest() {
        let a = Fixtures.policy("a", priority: 9) {
            $0.limits = Limits(maxHourlySpendPerService: 100, maxReplicas: 5)
            $0.namespaceBudgets = [NamespaceBudget(namespace: "ml-a", maxGPUs: 8)]
        }
        let b = Fixtures.policy("b") {
            $0.limits = Limits(maxHourlySpendPerService: 20)
            $0.namespaceBudgets = [NamespaceBudget(namespace: "ml-a", maxGPUs: 16, maxHourlySpend: 40)]
        }
        let policy = EffectivePolicy(merging: [a, b])
        #expect(policy.maxHourlySpendPerService == 20)
        #expect(policy.maxReplicas == 5)
        #expect(policy.namespaceBudgets == [NamespaceBudget(namespace: "ml-a", maxGPUs: 8, maxHourlySpend: 40)])
    }

    @Test("enforce beats warn and revert beats report")
    func stricterModes() {
        let warn = Fixtures.policy("a", priority: 9) {
            $0.enforcement = .warn
            $0.drift = DriftHandling(security: .report, performance: .report)
        }
        let enforce = Fixtures.policy("b") {
            $0.enforcement = .enforce
            $0.drift = DriftHandling(performance: .revert)
        }
        let merged = EffectivePolicy(merging: [warn, enforce])
        #expect(merged.enforcement == .enforce)
        #expect(merged.securityDrift == .report)
        #expect(merged.performanceDrift == .revert)
        #expect(EffectivePolicy(merging: [warn]).enforcement == .warn)
    }

    @Test("GPU namespaces match exactly or by a trailing-* prefix; unset allows every namespace")
    func gpuNamespaces() {
        let policy = EffectivePolicy(merging: [Fixtures.policy("a") { $0.gpuNamespaces = ["ml-*", "research"] }])
        #expect(policy.allowsGPUs(inNamespace: "ml-serving"))
        #expect(policy.allowsGPUs(inNamespace: "research"))
        #expect(!policy.allowsGPUs(inNamespace: "research-2"))
        #expect(!policy.allowsGPUs(inNamespace: "web"))
        #expect(EffectivePolicy(merging: [Fixtures.policy("b") { _ in }]).allowsGPUs(inNamespace: "web"))
    }
}
