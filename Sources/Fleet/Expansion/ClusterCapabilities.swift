/// What the target cluster serves beyond the built-in kinds, which changes how resources expand.
public struct ClusterCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// KEDA's `scaledobjects.keda.sh` is served: scale-to-zero and Prometheus metrics go through a
    /// ScaledObject instead of an HPA.
    public static let keda = ClusterCapabilities(rawValue: 1 << 0)
    /// Kueue's `localqueues.kueue.x-k8s.io` is served: a TrainingJob with a queueName is created
    /// suspended for Kueue to admit.
    public static let kueue = ClusterCapabilities(rawValue: 1 << 1)

    /// Every optional integration; what `aifleet render` assumes unless told otherwise.
    public static let all: ClusterCapabilities = [.keda, .kueue]

    /// The names the command line uses, in order.
    public static let names: [(String, ClusterCapabilities)] = [("keda", .keda), ("kueue", .kueue)]
}
