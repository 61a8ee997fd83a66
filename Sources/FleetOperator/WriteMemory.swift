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
    }

    /// A manifest as the memory keeps it: its hash, computed once per reconcile of an object.
    struct Digest: Equatable, Sendable {
        private let hash: Int
        init(_ manifest: JSONValue) { hash = manifest.hashValue }
    }

    private let entries = Mutex<[Key: Entry]>([:])

    /// Records a successful write of `desired` that left the object at `resourceVersion`.
    func wrote(_ desired: Digest, to key: Key, resourceVersion: String?) {
        entries.withLock { $0[key] = Entry(desired: desired, resourceVersion: resourceVersion, observed: false) }
    }

    /// Called for every informer event about the object: once the written version shows up, the
    /// cache is current again.
    func observe(_ key: Key, resourceVersion: String?) {
        entries.withLock { entries in
            guard let entry = entries[key], !entry.observed, entry.resourceVersion == resourceVersion else { return }
            entries[key]?.observed = true
        }
    }

    /// Forgets the object (deleted).
    func forget(_ key: Key) {
        entries.withLock { $0[key] = nil }
    }

    /// Whether `desired` was already written and the cache has not caught up with that write yet:
    /// writing it again would change nothing.
    func isInFlight(_ desired: Digest, to key: Key, liveResourceVersion: String?) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[key], entry.desired == desired else { return false }
            if entry.resourceVersion == liveResourceVersion { entries[key]?.observed = true }
            return !(entries[key]?.observed ?? true)
        }
    }

    /// Whether `desired` is exactly what was last written: a live difference is then someone
    /// else's change, not a new intent.
    func lastWrote(_ desired: Digest, to key: Key) -> Bool {
        entries.withLock { $0[key]?.desired == desired }
    }
}

extension WriteMemory.Key {
    init(_ descriptor: ResourceDescriptor, namespace: String?, name: String, status: Bool = false) {
        self.init(resource: descriptor.resource, namespace: namespace, name: name, status: status)
    }
}
