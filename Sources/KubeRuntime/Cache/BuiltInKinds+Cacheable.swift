import KubeCore

// Every built-in kind KubeCore models can be cached by an informer. Declared here, beside the
// protocol, so that no user of the two modules has to declare a retroactive conformance.
extension ConfigMap: CacheableObject {}
extension CustomResourceDefinition: CacheableObject {}
extension Deployment: CacheableObject {}
extension Event: CacheableObject {}
extension HorizontalPodAutoscaler: CacheableObject {}
extension Ingress: CacheableObject {}
extension Job: CacheableObject {}
extension Lease: CacheableObject {}
extension LimitRange: CacheableObject {}
extension Namespace: CacheableObject {}
extension NetworkPolicy: CacheableObject {}
extension PersistentVolumeClaim: CacheableObject {}
extension Pod: CacheableObject {}
extension PodDisruptionBudget: CacheableObject {}
extension ResourceQuota: CacheableObject {}
extension Secret: CacheableObject {}
extension Service: CacheableObject {}
extension StatefulSet: CacheableObject {}
