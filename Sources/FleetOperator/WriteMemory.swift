import KubeCore
import Synchronization

/// What the operator last wrote to each object, until its informer has seen the write.
///
/// After an apply, the cache still holds the previous version until the watch delivers the new
/// one; a reconcile in between would see a difference and write again. The memory answers "is
/// this difference only our own write in flight?" so that the steady state stays silent, and
/// whether the operator's intent is what it last wrote. That tells drift from a new intent even
/// when someone also removed the applied-hash annotation that tells them apart across processes
/// (see `ChildObject.appliedHashAnnotation`).
final class WriteMemory: Sendable {
    struct Key: Hashable, Sendable {
        var resource: GroupVersionResource
        var namespace: String?
        var name: String
        /// Whether the write was to the status subresource.
        var status: Bool
    }

    /// An entry per object written, for as long as the object exists: so it keeps the written
    /// manifest's hash, not the manifest: at 10,000 workloads the kept trees were more than half
    /// of the operator's peak memory (310 MiB, 142 MiB without them).
    ///
    /// Hashes stand in for equality: two different manifests with the same hash would make a
    /// needed write look done. `Hasher` is seeded at random per process, so that takes a 64-bit
    /// coincidence no one can aim for.
    private struct Entry: Sendable {
        /// The manifest (or status) written.
        var desired: Digest
        /// The resourceVersion the server gave the object for that write.
        var resourceVersion: String?
        /// Whether the informer has delivered that version (or a later one) since.
        var observed: Bool
        /// When the write's response came back.
        var writtenAt: ContinuousClock.Instant
    }

    /// A manifest as the memory keeps it: its hash, computed once per reconcile of an object.
    struct Digest: Equatable, Sendable {
        private let hash: Int
        init(_ manifest: JSONValue) { hash = manifest.hashValue }
    }

    /// The writes on their way to one object, and the versions the informer delivered for it
    /// meanwhile: the watch can deliver a write's version before the write's response comes back.
    private struct WritesInProgress {
        /// Two workloads of different kinds can make children of the same name, so two writes to
        /// one object can overlap; the versions are kept until the last of them is back.
        var writers = 0
        /// The newest versions delivered, at most `deliveriesKept`.
        var delivered: [String] = []

        mutating func record(_ version: String) {
            delivered.append(version)
            if delivered.count > WriteMemory.deliveriesKept { delivered.removeFirst() }
        }
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var inProgress: [Key: WritesInProgress] = [:]
    }

    /// Versions kept per object while writes to it are on their way.
    private static let deliveriesKept = 16

    /// How long a write counts as in flight at most. A relist after a 410 delivers only the newest
    /// version of each object, which can skip the written one; past this, a difference is acted
    /// on again (at worst, one write that changes nothing).
    private let inFlightLimit: Duration

    private let state = Mutex(State())

    init(inFlightLimit: Duration = .seconds(30)) {
        self.inFlightLimit = inFlightLimit
    }

    /// Runs `write`, which writes `desired` to the object at `key` and returns the object as the
    /// server stored it, and records the write. `liveResourceVersion` is the version the cache held
    /// when the write was decided (nil when it held none).
    ///
    /// The write counts as observed at once when the informer delivered its version before the
    /// response came back, or when it changed nothing (the server kept the version the cache holds).
    /// Otherwise that version would never be delivered again: the write would stay in flight until
    /// the intent changed, and drift of the object would be neither put back nor reported.
    func write<Failure: Error>(
        _ desired: Digest, to key: Key, over liveResourceVersion: String?,
        _ write: () async throws(Failure) -> JSONValue
    ) async throws(Failure) -> JSONValue {
        state.withLock { $0.inProgress[key, default: WritesInProgress()].writers += 1 }
        let written: JSONValue
        do {
            written = try await write()
        } catch {
            state.withLock { state in _ = Self.finishWrite(to: key, in: &state) }
            throw error
        }
        let version = written.objectResourceVersion
        state.withLock { state in
            let delivered = Self.finishWrite(to: key, in: &state)
            let observed = version.map { $0 == liveResourceVersion || delivered.contains($0) } ?? false
            state.entries[key] = Entry(desired: desired, resourceVersion: version, observed: observed, writtenAt: .now)
        }
        return written
    }

    /// Ends one write to `key`; returns the versions delivered so far.
    private static func finishWrite(to key: Key, in state: inout State) -> [String] {
        guard var progress = state.inProgress[key] else { return [] }
        progress.writers -= 1
        state.inProgress[key] = progress.writers > 0 ? progress : nil
        return progress.delivered
    }

    /// Called for every informer event about the object: once the written version shows up, the
    /// cache is current again.
    func observe(_ key: Key, resourceVersion: String?) {
        state.withLock { state in
            // Most events come with no write on its way: skip hashing the key for it then.
            if let resourceVersion, !state.inProgress.isEmpty {
                state.inProgress[key]?.record(resourceVersion)
            }
            guard let entry = state.entries[key], !entry.observed, entry.resourceVersion == resourceVersion else { return }
            state.entries[key]?.observed = true
        }
    }

    /// Forgets the object (deleted).
    func forget(_ key: Key) {
        state.withLock { $0.entries[key] = nil }
    }

    /// Whether `desired` was already written and the cache has not caught up with that write yet:
    /// writing it again would change nothing.
    func isInFlight(_ desired: Digest, to key: Key, liveResourceVersion: String?) -> Bool {
        state.withLock { state in
            guard let entry = state.entries[key], entry.desired == desired else { return false }
            if entry.resourceVersion == liveResourceVersion || entry.writtenAt.duration(to: .now) > inFlightLimit {
                state.entries[key]?.observed = true
            }
            return !(state.entries[key]?.observed ?? true)
        }
    }

    /// Whether `desired` is exactly what was last written: a live difference is then someone
    /// else's change, not a new intent.
    func lastWrote(_ desired: Digest, to key: Key) -> Bool {
        state.withLock { $0.entries[key]?.desired == desired }
    }
}

extension WriteMemory.Key {
    init(_ descriptor: ResourceDescriptor, namespace: String?, name: String, status: Bool = false) {
        self.init(resource: descriptor.resource, namespace: namespace, name: name, status: status)
    }
}
