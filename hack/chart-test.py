#!/usr/bin/env python3
"""Tests of charts/aifleet with Helm itself (Helm v4's Go SDK through PyPI's helm-python-sdk).

Renders the chart with its default values and with non-default ones, lints it as
`helm lint --strict` does, parses every rendered object with Helm's own YAML reader and checks its
kind, checks that values.schema.json rejects misspelt keys, that the chart's crds/ equal the
top-level crds/ byte for byte, that values.yaml documents every key, that docs/api-reference.md is
what hack/gen-api-docs.py generates from the CRDs and that docs/fleetpolicy.md names every knob.

    python3 hack/chart-test.py        # hack/setup.sh installs helm-python-sdk; hack/test.sh runs this

No cluster and no network: rendering is offline.
"""

import json
import re
import subprocess
import sys
import unittest
from pathlib import Path

try:
    import helm_python as helm
except ImportError:
    sys.exit("hack/chart-test.py: helm-python-sdk is not installed; run hack/setup.sh")

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "charts" / "aifleet"
RELEASE, NAMESPACE = "fleet", "aifleet-system"

# Template file -> the kind of every object it renders (when it renders any).
EXPECTED_KINDS = {
    "clusterrole.yaml": "ClusterRole",
    "clusterrole-users.yaml": "ClusterRole",
    "clusterrolebinding.yaml": "ClusterRoleBinding",
    "deployment.yaml": "Deployment",
    "fleetpolicy.yaml": "FleetPolicy",
    "networkpolicy.yaml": "NetworkPolicy",
    "poddisruptionbudget.yaml": "PodDisruptionBudget",
    "role.yaml": "Role",
    "rolebinding.yaml": "RoleBinding",
    "service.yaml": "Service",
    "serviceaccount.yaml": "ServiceAccount",
    "servicemonitor.yaml": "ServiceMonitor",
}

# Values that change every optional part of the chart from its default.
CUSTOM_VALUES = {
    "image": {"repository": "registry.example.com/platform/aifleet", "tag": "1.2.3", "pullPolicy": "Always"},
    "replicaCount": 3,
    "operator": {"watchNamespace": "ml-serving", "workers": 8, "qps": 50, "burst": 100, "extraArgs": ["--extra=1"]},
    "metrics": {"serviceMonitor": {"enabled": True, "labels": {"release": "prometheus"}}},
    "networkPolicy": {
        "apiServer": {"cidrs": ["10.0.0.1/32"]},
        "metricsFrom": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
    },
    "podSecurityContext": {"runAsUser": None, "runAsGroup": None},
    "fleetPolicy": {"create": True, "name": "platform", "spec": None},  # spec: the example default policy
    "podLabels": {"team": "platform"},
    "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "platform", "effect": "NoSchedule"}],
}


def documents(text):
    """The non-empty YAML documents of a rendered template, each read by Helm's YAML reader."""
    parsed = []
    for chunk in re.split(r"(?m)^---\s*$", text):
        if not re.search(r"(?m)^[^#\s]", chunk):
            continue  # only comments or blank lines, as a disabled template renders
        parsed.append(helm.values_from_yaml(chunk))
    return parsed


def schema_errors(value, schema, path):
    """Where a value breaks its CRD schema's structure: unknown or missing fields, values outside an enum."""
    errors = []
    if isinstance(value, dict) and "properties" in schema:
        for key, child in value.items():
            if key not in schema["properties"]:
                errors.append(f"{path}.{key}: unknown field")
            else:
                errors += schema_errors(child, schema["properties"][key], f"{path}.{key}")
        errors += [f"{path}.{key}: required" for key in schema.get("required", []) if key not in value]
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(item, schema["items"], f"{path}[{index}]")
    elif "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    return errors


def example_policy_spec():
    """The spec of examples/fleetpolicy-default.yaml."""
    return helm.values_from_yaml((ROOT / "examples" / "fleetpolicy-default.yaml").read_text())["spec"]


class ChartTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.chart = helm.Chart.load(CHART)
        cls.custom_values = json.loads(json.dumps(CUSTOM_VALUES))
        cls.custom_values["fleetPolicy"]["spec"] = example_policy_spec()

    @classmethod
    def tearDownClass(cls):
        cls.chart.close()

    def render(self, values=None):
        """Rendered objects by template file name (NOTES.txt as text), as `helm install` renders them."""
        rendered = self.chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
        objects = {}
        for path, text in rendered.items():
            name = path.rsplit("/", 1)[-1]
            objects[name] = text if name == "NOTES.txt" else documents(text)
        return objects

    def one(self, objects, template):
        docs = objects[template]
        self.assertEqual(len(docs), 1, f"{template} renders {len(docs)} objects")
        return docs[0]

    def container(self, objects):
        return self.one(objects, "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]

    # MARK: Chart, lint

    def test_chart_is_a_v2_application_chart_named_aifleet(self):
        self.assertEqual(self.chart.metadata["apiVersion"], "v2")
        self.assertEqual(self.chart.name, "aifleet")
        self.assertEqual(self.chart.metadata.get("type", "application"), "application")

    def assert_lints_strictly(self, values):
        report = helm.lint(CHART, values, strict=True, namespace=NAMESPACE)
        # Strict lint turns warnings into failures; info (e.g. "icon is recommended") stays info.
        problems = [m for m in report["messages"] if m["severity"] >= 2]
        self.assertEqual(problems, [], json.dumps(report, indent=1))
        self.assertEqual(report["errors"], [])

    def test_lints_strictly_with_default_values(self):
        self.assert_lints_strictly(None)

    def test_lints_strictly_with_non_default_values(self):
        self.assert_lints_strictly(self.custom_values)

    # MARK: Rendering

    def assert_kinds(self, objects, expected_templates):
        rendered = {name for name, docs in objects.items() if name != "NOTES.txt" and docs}
        self.assertEqual(rendered, expected_templates)
        for name in rendered:
            for obj in objects[name]:
                self.assertEqual(obj.get("kind"), EXPECTED_KINDS[name], name)
                self.assertTrue(obj.get("apiVersion"), name)
                self.assertTrue(obj.get("metadata", {}).get("name"), name)
                if obj["kind"] not in ("ClusterRole", "ClusterRoleBinding", "FleetPolicy"):
                    self.assertEqual(obj["metadata"].get("namespace"), NAMESPACE, name)

    def test_default_values_render_the_operator_and_nothing_optional(self):
        objects = self.render()
        self.assert_kinds(objects, set(EXPECTED_KINDS) - {"servicemonitor.yaml", "fleetpolicy.yaml"})
        self.assertIn("kubectl apply --server-side --force-conflicts -f charts/aifleet/crds/",
                      objects["NOTES.txt"])

    def test_non_default_values_render_every_optional_object(self):
        objects = self.render(self.custom_values)
        self.assert_kinds(objects, set(EXPECTED_KINDS))
        monitor = self.one(objects, "servicemonitor.yaml")
        self.assertEqual(monitor["apiVersion"], "monitoring.coreos.com/v1")
        self.assertEqual(monitor["metadata"]["labels"]["release"], "prometheus")
        self.assertEqual(monitor["spec"]["endpoints"][0]["port"], "metrics")

    def test_the_deployment_is_locked_down(self):
        for values in (None, self.custom_values):
            objects = self.render(values)
            pod = self.one(objects, "deployment.yaml")["spec"]["template"]["spec"]
            container = pod["containers"][0]
            self.assertTrue(pod["securityContext"]["runAsNonRoot"])
            self.assertEqual(pod["securityContext"]["seccompProfile"], {"type": "RuntimeDefault"})
            security = container["securityContext"]
            self.assertTrue(security["readOnlyRootFilesystem"])
            self.assertFalse(security["allowPrivilegeEscalation"])
            self.assertEqual(security["capabilities"]["drop"], ["ALL"])
            self.assertTrue(container["resources"]["requests"])
            self.assertEqual(container["livenessProbe"]["httpGet"]["path"], "/healthz")
            self.assertEqual(container["readinessProbe"]["httpGet"]["path"], "/readyz")
            self.assertEqual(container["args"][0], "run")

    def test_default_pod_runs_as_the_images_non_root_user(self):
        pod = self.one(self.render(), "deployment.yaml")["spec"]["template"]["spec"]
        self.assertEqual(pod["securityContext"]["runAsUser"], 65532)
        custom = self.one(self.render(self.custom_values), "deployment.yaml")["spec"]["template"]["spec"]
        self.assertNotIn("runAsUser", custom["securityContext"])

    def test_one_replica_runs_without_leader_election(self):
        args = self.container(self.render())["args"]
        self.assertNotIn("--leader-elect", args)
        self.assertIn("--metrics-bind-address=:8080", args)
        self.assertIn("--health-probe-bind-address=:8081", args)

    def test_without_leader_election_updates_never_run_two_operators(self):
        strategy = self.one(self.render(), "deployment.yaml")["spec"]["strategy"]
        self.assertEqual(strategy, {"type": "Recreate"})

    def test_several_replicas_or_the_switch_turn_leader_election_on(self):
        for values in ({"replicaCount": 2}, {"leaderElection": {"enabled": True}}):
            objects = self.render(values)
            self.assertEqual(self.one(objects, "deployment.yaml")["spec"]["strategy"]["type"], "RollingUpdate")
            args = self.container(objects)["args"]
            self.assertIn("--leader-elect", args, values)
            self.assertIn("--leader-election-id=aifleet-operator", args)
            self.assertIn(f"--leader-election-namespace={NAMESPACE}", args)

    def test_operator_flags_come_from_values(self):
        container = self.container(self.render(self.custom_values))
        self.assertEqual(container["image"], "registry.example.com/platform/aifleet:1.2.3")
        for flag in ("--namespace=ml-serving", "--workers=8", "--qps=50", "--burst=100", "--extra=1"):
            self.assertIn(flag, container["args"])
        digest = "sha256:" + "a" * 64
        pinned = self.container(self.render({"image": {"repository": "r/aifleet", "digest": digest}}))
        self.assertEqual(pinned["image"], f"r/aifleet@{digest}")

    def test_pod_identity_comes_from_the_downward_api(self):
        env = {e["name"]: e["valueFrom"]["fieldRef"]["fieldPath"] for e in self.container(self.render())["env"]}
        self.assertEqual(env, {"POD_NAME": "metadata.name", "POD_NAMESPACE": "metadata.namespace"})

    def test_disabling_metrics_closes_the_port_and_drops_the_service(self):
        objects = self.render({"metrics": {"enabled": False, "serviceMonitor": {"enabled": True}}})
        self.assertEqual(objects["service.yaml"], [])
        self.assertEqual(objects["servicemonitor.yaml"], [])
        container = self.container(objects)
        self.assertIn("--metrics-bind-address=0", container["args"])
        self.assertEqual([p["name"] for p in container["ports"]], ["health"])
        ingress = self.one(objects, "networkpolicy.yaml")["spec"]["ingress"]
        self.assertEqual([r["ports"][0]["port"] for r in ingress], ["health"])

    def test_network_policy_admits_scrapes_and_probes_and_reaches_only_the_api_server_and_dns(self):
        policy = self.one(self.render(self.custom_values), "networkpolicy.yaml")["spec"]
        self.assertEqual(policy["policyTypes"], ["Ingress", "Egress"])
        ingress_ports = [r["ports"][0]["port"] for r in policy["ingress"]]
        self.assertEqual(ingress_ports, ["metrics", "health"])
        self.assertIn("namespaceSelector", policy["ingress"][0]["from"][0])
        api, dns = policy["egress"]
        self.assertEqual(api["to"], [{"ipBlock": {"cidr": "10.0.0.1/32"}}])
        self.assertEqual(sorted(p["port"] for p in api["ports"]), [443, 6443])
        self.assertEqual({(p["port"], p["protocol"]) for p in dns["ports"]}, {(53, "UDP"), (53, "TCP")})

    def test_the_fleet_policy_from_values_is_the_spec_given(self):
        policy = self.one(self.render(self.custom_values), "fleetpolicy.yaml")
        self.assertEqual(policy["apiVersion"], "aifleet.dev/v1alpha1")
        self.assertEqual(policy["metadata"]["name"], "platform")
        self.assertEqual(policy["spec"], example_policy_spec())

    def test_bindings_grant_the_roles_to_the_operators_service_account(self):
        objects = self.render()
        account = self.one(objects, "serviceaccount.yaml")["metadata"]["name"]
        pod = self.one(objects, "deployment.yaml")["spec"]["template"]["spec"]
        self.assertEqual(pod["serviceAccountName"], account)
        for binding, role in (("clusterrolebinding.yaml", "clusterrole.yaml"), ("rolebinding.yaml", "role.yaml")):
            b = self.one(objects, binding)
            self.assertEqual(b["roleRef"]["name"], self.one(objects, role)["metadata"]["name"])
            self.assertEqual(b["subjects"], [{"kind": "ServiceAccount", "name": account, "namespace": NAMESPACE}])

    def test_rbac_rules_name_no_wildcard(self):
        objects = self.render()
        for template in ("clusterrole.yaml", "role.yaml"):
            for rule in self.one(objects, template)["rules"]:
                for key in ("apiGroups", "resources", "verbs"):
                    self.assertNotIn("*", rule[key], f"{template}: {rule}")

    def test_people_get_the_custom_resources_through_the_default_roles(self):
        edit, view = self.render()["clusterrole-users.yaml"]
        self.assertEqual(edit["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-edit"], "true")
        self.assertEqual(edit["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-admin"], "true")
        self.assertEqual(view["metadata"]["labels"]["rbac.authorization.k8s.io/aggregate-to-view"], "true")
        for role in (edit, view):
            for rule in role["rules"]:
                self.assertEqual(rule["apiGroups"], ["aifleet.dev"])
                # FleetPolicies are the platform team's: namespace roles never write them.
                self.assertNotIn("fleetpolicies", rule["resources"])
        self.assertTrue(all(set(r["verbs"]) <= {"get", "list", "watch"} for r in view["rules"]))
        self.assertEqual(self.render({"rbac": {"aggregateToDefaultRoles": False}})["clusterrole-users.yaml"], [])

    def test_pdb_and_services_select_the_operator_pods(self):
        objects = self.render()
        labels = self.one(objects, "deployment.yaml")["spec"]["template"]["metadata"]["labels"]
        selectors = [
            self.one(objects, "deployment.yaml")["spec"]["selector"]["matchLabels"],
            self.one(objects, "poddisruptionbudget.yaml")["spec"]["selector"]["matchLabels"],
            self.one(objects, "service.yaml")["spec"]["selector"],
            self.one(objects, "networkpolicy.yaml")["spec"]["podSelector"]["matchLabels"],
        ]
        for selector in selectors:
            self.assertTrue(selector)
            self.assertLessEqual(selector.items(), labels.items())

    def test_the_dockerfile_matches_what_the_chart_expects_of_the_image(self):
        dockerfile = (ROOT / "Dockerfile").read_text()
        values = self.chart.values
        user = re.search(r"(?m)^USER (\d+):(\d+)$", dockerfile)
        self.assertIsNotNone(user, "the Dockerfile's USER must be numeric for runAsNonRoot")
        self.assertEqual([int(user[1]), int(user[2])],
                         [values["podSecurityContext"]["runAsUser"], values["podSecurityContext"]["runAsGroup"]])
        self.assertRegex(dockerfile, r'(?m)^ENTRYPOINT \["/usr/local/bin/aifleet"\]$')
        self.assertRegex(dockerfile, r'(?m)^CMD \["run"\]$')
        exposed = re.search(r"(?m)^EXPOSE (.*)$", dockerfile)[1].split()
        self.assertEqual(exposed, [str(values["metrics"]["port"]), str(values["health"]["port"])])
        stages = re.findall(r"(?m)^FROM (\S+)", dockerfile)
        self.assertEqual(len(stages), 2, "a build stage and a runtime stage")
        self.assertTrue(stages[0].startswith("swift:"), stages[0])
        self.assertTrue(stages[1].startswith("debian:"), stages[1])
        for package in ("libcurl4", "libyaml-0-2"):
            self.assertRegex(dockerfile, rf"install .*{package}\b")

    # MARK: Values schema

    def test_schema_rejects_misspelt_and_ill_typed_values(self):
        bad_values = [
            {"replicas": 2},                                  # replicaCount
            {"metrics": {"serviceMonitor": {"enable": True}}},  # enabled
            {"leaderElection": {"enabled": "yes"}},            # not a boolean
            {"image": {"pullPolicy": "Sometimes"}},
            {"replicaCount": 0},
            {"fleetPolicy": {"create": True, "spec": {"enforcment": "warn"}}},  # the CRD's enforcement
            {"fleetPolicy": {"spec": {"limits": {"maxReplicas": 0}}}},         # below the CRD's minimum
        ]
        for values in bad_values:
            with self.subTest(values=values):
                with self.assertRaises(helm.HelmValuesError):
                    self.chart.validate_schema(values)
                with self.assertRaises(helm.HelmError):
                    self.chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
                report = helm.lint(CHART, values, strict=True)
                self.assertTrue(report["errors"], values)

    def test_schema_accepts_the_defaults_and_the_non_default_values(self):
        self.chart.validate_schema(None)
        self.chart.validate_schema(self.custom_values)

    def test_values_yaml_documents_every_key_the_schema_describes(self):
        schema = json.loads((CHART / "values.schema.json").read_text())
        lines = (CHART / "values.yaml").read_text().splitlines()
        stack = []  # (indent, schema node) of the enclosing keys
        for number, line in enumerate(lines, 1):
            match = re.match(r"^( *)([A-Za-z][\w.-]*):", line)
            if not match:
                continue
            indent, key = len(match.group(1)), match.group(2)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else schema
            node = parent.get("properties", {}).get(key) if parent is not None else None
            if node is not None:
                self.assertTrue(node.get("description") or node.get("properties") is not None,
                                f"values.schema.json: {key} has no description")
                self.assertTrue(lines[number - 2].lstrip().startswith("#"),
                                f"values.yaml:{number}: {key} has no comment above it")
            stack.append((indent, node))

    # MARK: CRDs and generated docs

    def test_chart_crds_equal_the_top_level_crds_byte_for_byte(self):
        top = {p.name: p.read_bytes() for p in (ROOT / "crds").glob("*.yaml")}
        chart = {p.name: p.read_bytes() for p in (CHART / "crds").glob("*.yaml")}
        self.assertEqual(sorted(chart), sorted(top))
        for name in top:
            self.assertEqual(chart[name], top[name], f"charts/aifleet/crds/{name} differs from crds/{name}; copy it")
        loaded = {documents(c["data"])[0]["spec"]["names"]["kind"] for c in self.chart.crds}
        self.assertEqual(loaded, {"InferenceService", "TrainingJob", "FeatureStore", "FleetPolicy"})

    def test_fleetpolicy_guide_names_every_knob(self):
        crd = documents((ROOT / "crds" / "aifleet.dev_fleetpolicies.yaml").read_text())[0]
        spec = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
        guide = (ROOT / "docs" / "fleetpolicy.md").read_text()
        # The knobs and their direct fields; deeper ones (a toleration's key, operator, ...) are
        # core/v1 shapes that the API reference lists.
        knobs = []
        for name, node in spec["properties"].items():
            knobs.append(name)
            knobs += list(node.get("properties", {})) + list(node.get("items", {}).get("properties", {}))
        missing = sorted({k for k in knobs if f"`{k}`" not in guide})
        self.assertEqual(missing, [], "docs/fleetpolicy.md does not describe these FleetPolicy fields")

    def test_readme_examples_are_valid_custom_resources(self):
        readme = (ROOT / "README.md").read_text()
        section = readme.split("## The CRDs at a glance", 1)[1].split("\n## ", 1)[0]
        schemas = {}
        for path in (ROOT / "crds").glob("*.yaml"):
            crd = documents(path.read_text())[0]
            schemas[crd["spec"]["names"]["kind"]] = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
        blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
        kinds = []
        for block in blocks:
            resource = documents(block)[0]
            kinds.append(resource["kind"])
            self.assertEqual(resource["apiVersion"], "aifleet.dev/v1alpha1")
            spec_schema = schemas[resource["kind"]]["properties"]["spec"]
            self.assertEqual(schema_errors(resource["spec"], spec_schema, "spec"), [], resource["kind"])
        self.assertEqual(sorted(kinds), sorted(schemas))

    def test_the_readme_install_command_renders(self):
        readme = (ROOT / "README.md").read_text()
        section = readme.split("## Install with Helm", 1)[1].split("\n## ", 1)[0]
        flags = re.findall(r"--set (\S+)", section)
        self.assertTrue(flags, "README's Install with Helm section has no --set flags")
        values = helm.parse_set_string(",".join(flags))  # as helm merges repeated --set flags
        self.chart.validate_schema(values)
        self.assert_kinds(self.render(values), set(EXPECTED_KINDS) - {"fleetpolicy.yaml"})

    def test_api_reference_is_current(self):
        result = subprocess.run([sys.executable, str(ROOT / "hack" / "gen-api-docs.py"), "--check"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=1)
