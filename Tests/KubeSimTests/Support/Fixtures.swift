import KubeCore

/// Objects the tests create.
enum Fixtures {
    /// `gadgets.example.com`: namespaced, status and scale subresources, printer columns, defaults.
    static let gadgetCRDYAML = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: gadgets
            singular: gadget
            kind: Gadget
            shortNames: [gd]
            categories: [example]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
            additionalPrinterColumns:
            - name: Size
              type: string
              jsonPath: .spec.size
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                description: A Gadget is a thing tests make.
                properties:
                  spec:
                    type: object
                    description: What the gadget should be.
                    properties:
                      size:
                        type: string
                        description: How big the gadget is.
                      color:
                        type: string
                        default: blue
                      replicas:
                        type: integer
                        default: 1
                      tags:
                        type: array
                        items:
                          type: string
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
                      observedGeneration:
                        type: integer

        """

    static let gadgetCRD: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "gadgets.example.com"],
        "spec": [
            "group": "example.com", "scope": "Namespaced",
            "names": ["plural": "gadgets", "singular": "gadget", "kind": "Gadget", "shortNames": ["gd"], "categories": ["example"]],
            "versions": [[
                "name": "v1", "served": true, "storage": true,
                "subresources": ["status": [:], "scale": ["specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"]],
                "additionalPrinterColumns": [["name": "Size", "type": "string", "jsonPath": ".spec.size"]],
                "schema": ["openAPIV3Schema": [
                    "type": "object",
                    "properties": [
                        "spec": ["type": "object", "properties": [
                            "size": ["type": "string"], "color": ["type": "string", "default": "blue"],
                            "replicas": ["type": "integer", "default": 1],
                            "tags": ["type": "array", "items": ["type": "string"]],
                        ]],
                        "status": ["type": "object", "properties": [
                            "replicas": ["type": "integer"], "observedGeneration": ["type": "integer"],
                        ]],
                    ],
                ]],
            ]],
        ],
    ]

    static let gadgets = "/apis/example.com/v1/namespaces/default/gadgets"
    static let configMaps = "/api/v1/namespaces/default/configmaps"
    static let deployments = "/apis/apps/v1/namespaces/default/deployments"

    static func gadget(_ name: String, size: String = "small", labels: [String: String] = [:]) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name)]
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(uniqueKeysWithValues: labels.map { ($0.key, JSONValue.string($0.value)) })) }
        return ["apiVersion": "example.com/v1", "kind": "Gadget", "metadata": .object(metadata), "spec": ["size": .string(size)]]
    }

    static func configMap(_ name: String, data: [String: String] = ["a": "1"], labels: [String: String] = [:]) -> JSONValue {
        var metadata: JSONObject = ["name": .string(name)]
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(uniqueKeysWithValues: labels.map { ($0.key, JSONValue.string($0.value)) })) }
        return [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata),
            "data": .object(JSONObject(uniqueKeysWithValues: data.map { ($0.key, JSONValue.string($0.value)) })),
        ]
    }

    static func deployment(_ name: String, replicas: Int64 = 2) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "main", "image": "nginx:1.27"]]],
                ],
            ],
        ]
    }
}
