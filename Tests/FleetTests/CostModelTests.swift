import Fleet
import Testing

@Suite("Cost model")
struct CostModelTests {
    let model = CostModel(policy: .builtIn)

    @Test("a GPU pod costs its GPUs plus its cpu and memory requests")
    func podPrice() {
        // 1 × L4 $0.81 + 4 cores × $0.04 + 16 GiB × $0.005 = 0.81 + 0.16 + 0.08
        #expect(same(model.podHourly(PodResources(cpu: "4", memory: "16Gi", gpu: 1, gpuType: "nvidia-l4")), 1.05))
        // 500m + 512Mi: 0.5 × 0.04 + 0.5 × 0.005
        #expect(same(model.podHourly(cpu: "500m", memory: "512Mi"), 0.0225))
    }

    @Test("unset cpu and memory are priced at the policy defaults")
    func defaultsArePriced() {
        // 500m and 1Gi: 0.02 + 0.005
        #expect(same(model.podHourly(nil), 0.025))
    }

    @Test("a scale-to-zero service costs nothing at its minimum and max × pod at its maximum")
    func scaleToZero() {
        let estimate = model.estimate(Fixtures.inference(), capabilities: .keda)
        #expect(same(estimate.hourlyAtMin, 0))
        #expect(same(estimate.hourlyAtMax, 4.20))
        #expect(same(estimate.monthlyAtMax, 3066))
        #expect(estimate.gpusAtMax == 4)
    }

    @Test("without KEDA scale-to-zero cannot happen and the minimum costs one replica")
    func noKEDA() {
        let estimate = model.estimate(Fixtures.inference(), capabilities: [])
        #expect(same(estimate.hourlyAtMin, 1.05))
        #expect(same(estimate.monthlyAtMin, 766.5))
    }

    @Test("a critical service keeps minReplicas, so its minimum costs them")
    func critical() {
        let service = Fixtures.inference { $0.tier = .critical; $0.minReplicas = 2 }
        let estimate = model.estimate(service, capabilities: .keda)
        #expect(same(estimate.hourlyAtMin, 2.10))
        #expect(same(estimate.hourlyAtMax, 4.20))
    }

    @Test("a stopped service costs nothing")
    func stopped() {
        let estimate = model.estimate(Fixtures.inference { $0.stopped = true }, capabilities: .keda)
        #expect(estimate.hourlyAtMin == 0 && estimate.hourlyAtMax == 0 && estimate.gpusAtMax == 0)
    }

    @Test("the policy's replica cap bounds the maximum")
    func replicaCap() {
        let estimate = model.estimate(Fixtures.inference { $0.maxReplicas = 50 }, capabilities: .keda)
        #expect(same(estimate.hourlyAtMax, 21.0))  // 20 × 1.05
    }

    @Test("training on spot: workers × pod price × (1 − discount), GPU-hours = workers × GPUs × max runtime")
    func trainingSpot() {
        let estimate = model.estimate(Fixtures.training())
        // per worker 8 × 6.98 + 32 × 0.04 + 256 × 0.005 = 55.84 + 1.28 + 1.28 = 58.40; × 4 = 233.60; × 0.35
        #expect(estimate.spot)
        #expect(same(estimate.hourlyAtMax, 81.76))
        #expect(estimate.gpuHoursAtMaxRuntime == 384)
        #expect(same(estimate.totalAtMaxRuntime ?? 0, 981.12))
    }

    @Test("training on demand pays the full price")
    func trainingOnDemand() {
        let estimate = model.estimate(Fixtures.training { $0.spot = false })
        #expect(!estimate.spot)
        #expect(same(estimate.hourlyAtMax, 233.60))
        #expect(same(estimate.totalAtMaxRuntime ?? 0, 2803.20))
    }

    @Test("a feature store costs its online store and feature server replicas")
    func featureStore() {
        // online 3 × (0.5 × 0.04 + 8 × 0.005) = 0.18; server 2 × (1 × 0.04 + 2 × 0.005) = 0.10
        let estimate = model.estimate(Fixtures.featureStore())
        #expect(same(estimate.hourlyAtMax, 0.28))
        #expect(same(estimate.monthlyAtMax, 204.4))
    }

    @Test("durations read as Go writes them")
    func durations() {
        #expect(FleetDuration.seconds("1h30m") == 5400)
        #expect(FleetDuration.seconds("90s") == 90)
        #expect(FleetDuration.seconds("24h") == 86400)
        #expect(FleetDuration.seconds("") == nil)
        #expect(FleetDuration.seconds("10") == nil)
        #expect(FleetDuration.seconds("1d") == nil)
        #expect(FleetDuration.seconds("h") == nil)
    }

    @Test("money prints in dollars and cents")
    func money() {
        #expect(Money.format(4.2) == "$4.20")
        #expect(Money.format(0.005) == "$0.01")
        #expect(Money.format(1234.5) == "$1234.50")
        #expect(Money.format(.infinity) == "unlimited")
    }
}
