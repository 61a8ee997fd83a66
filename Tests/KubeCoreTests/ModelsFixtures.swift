// Objects as a v1.3x API server returns them (hand-written after real responses): with status,
// managedFields, defaulted fields, and the `"creationTimestamp": null` of pod templates.
enum ModelsFixtures {
    static let deployment = #"""
    {
      "kind": "Deployment",
      "apiVersion": "apps/v1",
      "metadata": {
        "name": "llama-3-8b",
        "namespace": "team-ml",
        "uid": "5f0c8d1e-2c1a-4d1e-9a47-6b7f3f0f2a11",
        "resourceVersion": "48213",
        "generation": 3,
        "creationTimestamp": "2026-11-20T09:14:03Z",
        "labels": {"aifleet.dev/team": "ml-platform", "app.kubernetes.io/managed-by": "aifleet"},
        "annotations": {"deployment.kubernetes.io/revision": "2"},
        "ownerReferences": [{
          "apiVersion": "aifleet.dev/v1alpha1", "kind": "InferenceService", "name": "llama-3-8b",
          "uid": "0d4b3c52-91a2-4f0e-8b7e-1e2f3a4b5c6d", "controller": true, "blockOwnerDeletion": true
        }],
        "managedFields": [{
          "manager": "aifleet", "operation": "Apply", "apiVersion": "apps/v1", "time": "2026-11-20T09:14:03Z",
          "fieldsType": "FieldsV1",
          "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"server\"}": {".": {}, "f:image": {}}}}}}}
        }, {
          "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "apps/v1",
          "time": "2026-11-20T09:15:41Z", "fieldsType": "FieldsV1",
          "fieldsV1": {"f:status": {"f:readyReplicas": {}}}, "subresource": "status"
        }]
      },
      "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app.kubernetes.io/instance": "llama-3-8b"}},
        "template": {
          "metadata": {"creationTimestamp": null, "labels": {"app.kubernetes.io/instance": "llama-3-8b"}},
          "spec": {
            "containers": [{
              "name": "server",
              "image": "ghcr.io/acme/vllm:0.6.3",
              "args": ["--model", "/models/llama-3-8b", "--port", "8080"],
              "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
              "env": [
                {"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"name": "hf", "key": "token"}}},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                {"name": "MODEL_VERSION", "value": "v2"}
              ],
              "envFrom": [{"configMapRef": {"name": "serving-defaults"}}],
              "resources": {
                "limits": {"cpu": "4", "memory": "32Gi", "nvidia.com/gpu": "1"},
                "requests": {"cpu": "500m", "memory": "16Gi", "nvidia.com/gpu": "1"}
              },
              "readinessProbe": {
                "httpGet": {"path": "/health", "port": "http", "scheme": "HTTP"},
                "initialDelaySeconds": 10, "timeoutSeconds": 1, "periodSeconds": 10,
                "successThreshold": 1, "failureThreshold": 3
              },
              "livenessProbe": {
                "tcpSocket": {"port": 8080}, "timeoutSeconds": 1, "periodSeconds": 10,
                "successThreshold": 1, "failureThreshold": 3
              },
              "volumeMounts": [{"name": "models", "mountPath": "/models", "readOnly": true}],
              "terminationMessagePath": "/dev/termination-log",
              "terminationMessagePolicy": "File",
              "imagePullPolicy": "IfNotPresent",
              "securityContext": {
                "capabilities": {"drop": ["ALL"]},
                "runAsNonRoot": true,
                "allowPrivilegeEscalation": false,
                "readOnlyRootFilesystem": true,
                "seccompProfile": {"type": "RuntimeDefault"}
              }
            }],
            "volumes": [
              {"name": "models", "persistentVolumeClaim": {"claimName": "model-cache"}},
              {"name": "scratch", "emptyDir": {"sizeLimit": "10Gi"}}
            ],
            "restartPolicy": "Always",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "nodeSelector": {"nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"},
            "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
            "securityContext": {"runAsNonRoot": true, "fsGroup": 1000},
            "schedulerName": "default-scheduler",
            "priorityClassName": "inference-standard"
          }
        },
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
        "revisionHistoryLimit": 10,
        "progressDeadlineSeconds": 600
      },
      "status": {
        "observedGeneration": 3,
        "replicas": 2,
        "updatedReplicas": 2,
        "readyReplicas": 2,
        "availableReplicas": 2,
        "conditions": [{
          "type": "Available", "status": "True", "lastUpdateTime": "2026-11-20T09:15:41Z",
          "lastTransitionTime": "2026-11-20T09:15:41Z", "reason": "MinimumReplicasAvailable",
          "message": "Deployment has minimum availability."
        }, {
          "type": "Progressing", "status": "True", "lastUpdateTime": "2026-11-20T09:15:41Z",
          "lastTransitionTime": "2026-11-20T09:14:03Z", "reason": "NewReplicaSetAvailable",
          "message": "ReplicaSet \"llama-3-8b-7d9f8c6b5\" has successfully progressed."
        }]
      }
    }
    """#

    static let customResourceDefinition = #"""
    {
      "apiVersion": "apiextensions.k8s.io/v1",
      "kind": "CustomResourceDefinition",
      "metadata": {"name": "inferenceservices.aifleet.dev", "generation": 1, "resourceVersion": "812"},
      "spec": {
        "group": "aifleet.dev",
        "names": {
          "plural": "inferenceservices", "singular": "inferenceservice", "kind": "InferenceService",
          "listKind": "InferenceServiceList", "shortNames": ["isvc"], "categories": ["aifleet", "all"]
        },
        "scope": "Namespaced",
        "versions": [{
          "name": "v1alpha1", "served": true, "storage": true,
          "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
          "subresources": {
            "status": {},
            "scale": {"specReplicasPath": ".spec.replicas.min", "statusReplicasPath": ".status.replicas",
                      "labelSelectorPath": ".status.selector"}
          },
          "additionalPrinterColumns": [
            {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
            {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp", "priority": 0}
          ]
        }],
        "conversion": {"strategy": "None"}
      },
      "status": {
        "conditions": [
          {"type": "NamesAccepted", "status": "True", "lastTransitionTime": "2026-11-20T09:00:00Z",
           "reason": "NoConflicts", "message": "no conflicts found"},
          {"type": "Established", "status": "True", "lastTransitionTime": "2026-11-20T09:00:00Z",
           "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"}
        ],
        "acceptedNames": {"plural": "inferenceservices", "singular": "inferenceservice", "kind": "InferenceService",
                          "listKind": "InferenceServiceList", "shortNames": ["isvc"], "categories": ["aifleet", "all"]},
        "storedVersions": ["v1alpha1"]
      }
    }
    """#

    static let horizontalPodAutoscaler = #"""
    {
      "apiVersion": "autoscaling/v2",
      "kind": "HorizontalPodAutoscaler",
      "metadata": {"name": "llama-3-8b", "namespace": "team-ml"},
      "spec": {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "llama-3-8b"},
        "minReplicas": 1,
        "maxReplicas": 8,
        "metrics": [
          {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
          {"type": "Pods", "pods": {"metric": {"name": "tokens_per_second"},
                                    "target": {"type": "AverageValue", "averageValue": "1500"}}},
          {"type": "Object", "object": {"describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "main"},
                                        "metric": {"name": "requests_per_second"}, "target": {"type": "Value", "value": "2k"}}},
          {"type": "External", "external": {"metric": {"name": "queue_depth", "selector": {"matchLabels": {"queue": "llama"}}},
                                            "target": {"type": "AverageValue", "averageValue": "30"}}}
        ],
        "behavior": {
          "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                        "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]},
          "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                      "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}]}
        }
      },
      "status": {
        "currentReplicas": 2, "desiredReplicas": 3, "lastScaleTime": "2026-11-20T10:00:00Z",
        "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 91, "averageValue": "1820m"}}}],
        "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": "2026-11-20T09:20:00Z",
                        "reason": "ReadyForNewScale", "message": "recommended size matches current size"}]
      }
    }
    """#
}
