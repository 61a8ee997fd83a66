/// metav1.Condition: one aspect of an object's state, the shape every `status.conditions` list uses.
///
/// The API requires `reason`, `message` and `lastTransitionTime` too; they stay optional here so that
/// partial objects (apply patches, older writers) decode.
public struct Condition: Codable, Sendable, Hashable {
    /// CamelCase name, e.g. `Ready` or `PolicyCompliant`; unique within the list.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// The `metadata.generation` the condition was computed from.
    public var observedGeneration: Int64?
    /// When `status` last changed (RFC 3339).
    public var lastTransitionTime: String?
    /// CamelCase, machine-readable cause of the last transition.
    public var reason: String?
    /// Human-readable details.
    public var message: String?

    public init(
        type: String, status: String, observedGeneration: Int64? = nil, lastTransitionTime: String? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}
