/// What a URL path under `/api` or `/apis` names: a discovery document, a collection, an object, or
/// one of its subresources.
enum RequestTarget: Equatable {
    /// `/api`, `/apis`, `/apis/GROUP` or a group version's resource list.
    case discovery(group: String?, version: String?, legacy: Bool)
    /// A collection (all namespaces when `namespace` is nil and the resource is namespaced).
    case collection(ResourceAddress)
    /// One object, or its subresource (`status`, `scale`).
    case object(ResourceAddress, name: String, subresource: String?)

    /// Parses `/api/v1/...` and `/apis/GROUP/VERSION/...`; nil for paths that name nothing.
    init?(path: String) {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let root = segments.first else { return nil }
        segments.removeFirst()
        let group: String
        switch root {
        case "api":
            guard let version = segments.first else {
                self = .discovery(group: nil, version: nil, legacy: true)
                return
            }
            if segments.count == 1 {
                self = .discovery(group: "", version: version, legacy: true)
                return
            }
            group = ""
        case "apis":
            guard segments.count >= 2 else {
                self = .discovery(group: segments.first, version: nil, legacy: false)
                return
            }
            if segments.count == 2 {
                self = .discovery(group: segments[0], version: segments[1], legacy: false)
                return
            }
            group = segments.removeFirst()
        default:
            return nil
        }
        let version = segments.removeFirst()
        self.init(group: group, version: version, rest: segments)
    }

    private init?(group: String, version: String, rest: [String]) {
        func address(_ plural: String, _ namespace: String?) -> ResourceAddress {
            ResourceAddress(group: group, version: version, plural: plural, namespace: namespace)
        }
        switch rest.count {
        case 1:
            self = .collection(address(rest[0], nil))
        case 2:
            self = .object(address(rest[0], nil), name: rest[1], subresource: nil)
        case 3 where rest[0] == "namespaces" && ["status", "finalize"].contains(rest[2]):
            self = .object(address("namespaces", nil), name: rest[1], subresource: rest[2])
        case 3 where rest[0] == "namespaces":
            self = .collection(address(rest[2], rest[1]))
        case 3:
            self = .object(address(rest[0], nil), name: rest[1], subresource: rest[2])
        case 4 where rest[0] == "namespaces":
            self = .object(address(rest[2], rest[1]), name: rest[3], subresource: nil)
        case 5 where rest[0] == "namespaces":
            self = .object(address(rest[2], rest[1]), name: rest[3], subresource: rest[4])
        default:
            return nil
        }
    }
}

/// A resource as a URL names it: group, version, plural and (for namespaced paths) the namespace.
struct ResourceAddress: Equatable {
    var group: String
    var version: String
    var plural: String
    var namespace: String?
}
