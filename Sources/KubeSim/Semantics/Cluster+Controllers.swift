import KubeCore

extension Cluster {
    /// Runs the in-process controllers and timers until the task is cancelled: garbage collection,
    /// workload status, watch bookmarks, history compaction, and the timed faults.
    func runControllers() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in self.controllers.garbage { GarbageCollector(cluster: self).collect() }
            }
            group.addTask { await self.simulateWorkloads() }
            group.addTask {
                await Self.every({ self.configuration.bookmarkInterval }) { self.store.sendBookmarks() }
            }
            group.addTask {
                // Like kube-apiserver, compact to the version reached one interval ago, so a client always
                // has at least one interval to resume a watch.
                var previous = self.store.currentResourceVersion
                await Self.every({ self.configuration.compactionInterval }) {
                    self.store.compact(through: previous)
                    previous = self.store.currentResourceVersion
                }
            }
            group.addTask {
                await Self.every({ self.faults.current.watchDropInterval }) { self.store.closeAllWatches() }
            }
            group.addTask {
                await Self.every({ self.faults.current.goneInterval }) {
                    self.store.compact(through: self.store.currentResourceVersion)
                }
            }
        }
    }

    /// Calls `action` at the interval `interval()` gives (re-read each time; nil pauses), until cancelled.
    private static func every(_ interval: @Sendable () -> Duration?, _ action: () -> Void) async {
        while !Task.isCancelled {
            guard let period = interval() else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            try? await Task.sleep(for: period)
            if !Task.isCancelled, interval() != nil { action() }
        }
    }

    /// Gives each written workload its simulated status after the configured delay.
    private func simulateWorkloads() async {
        await withDiscardingTaskGroup { group in
            for await ref in controllers.workloads {
                group.addTask {
                    if let delay = self.configuration.simulatedStatusDelay, delay > .zero {
                        try? await Task.sleep(for: delay)
                    }
                    guard !Task.isCancelled else { return }
                    self.applyWorkloadStatus(ref)
                }
            }
        }
    }

    private func applyWorkloadStatus(_ ref: WorkloadRef) {
        guard let resource = registry.resource(ref.resource), let object = store.get(ref.resource, key: ref.key),
            let name = object[path: "metadata", "name"]?.stringValue
        else { return }
        _ = try? update(
            resource, version: resource.storageVersion, namespace: object[path: "metadata", "namespace"]?.stringValue,
            name: name, subresource: "status", options: WriteOptions(fieldManager: "kube-controller-manager")
        ) { current throws(APIError) in
            var updated = current
            if let status = WorkloadStatus.status(of: current, resource: ref.resource, now: Timestamp.now()) {
                updated["status"] = status
            }
            return updated
        }
    }
}
