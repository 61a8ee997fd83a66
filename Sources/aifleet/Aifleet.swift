import ArgumentParser

/// The aifleet command line: the operator, its try-out environment and its offline tools.
@main
struct Aifleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aifleet",
        abstract: "Run fleets of AI microservices (inference, training, feature stores) as Kubernetes custom resources.",
        discussion: """
            aifleet is a Kubernetes operator: it expands InferenceService, TrainingJob and FeatureStore \
            resources (group aifleet.dev) into Deployments, autoscalers, Jobs and the rest, with the \
            platform team's FleetPolicy enforced and the cost of each service in its status.
            """,
        version: AifleetVersion.current,
        subcommands: [Run.self, Dev.self, Render.self, Check.self, Version.self]
    )
}

/// The version this binary was built as.
enum AifleetVersion {
    static let current = "0.1.0-dev"
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the aifleet version.")

    @Flag(name: .long, help: "Print the version only, without the API group and version it serves.")
    var short = false

    func run() {
        if short {
            print(AifleetVersion.current)
        } else {
            print("aifleet \(AifleetVersion.current) (API aifleet.dev/v1alpha1)")
        }
    }
}
