/// The parts of a container image reference that the policy looks at.
struct ImageReference {
    enum Pin { case digest, tag, latest, none }

    let text: String
    init(_ text: String) { self.text = text }

    /// How the reference pins what runs. The tag is after the last `:` of the last path component,
    /// so a registry port (`registry:5000/model`) is not mistaken for a tag.
    var pin: Pin {
        if text.contains("@sha256:") || text.contains("@sha512:") { return .digest }
        let lastComponent = text.split(separator: "/").last ?? Substring(text)
        guard let colon = lastComponent.lastIndex(of: ":") else { return .none }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        if tag.isEmpty { return .none }
        return tag == "latest" ? .latest : .tag
    }
}

/// Guesses whether a literal environment value is a secret, from its name and its shape.
enum SecretHeuristics {
    /// Name fragments of variables that hold credentials.
    static let nameFragments = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL"]
    /// Prefixes of well-known credential formats (OpenAI, Hugging Face, AWS, GitHub, Slack).
    static let valuePrefixes = ["sk-", "hf_", "AKIA", "ghp_", "github_pat_", "xoxb-"]

    static func looksSecret(name: String, value: String) -> Bool {
        guard !value.isEmpty else { return false }
        let upper = name.uppercased()
        return nameFragments.contains { upper.contains($0) } || valuePrefixes.contains { value.hasPrefix($0) }
    }
}
