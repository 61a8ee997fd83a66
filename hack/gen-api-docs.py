#!/usr/bin/env python3
"""Generates docs/api-reference.md from the CustomResourceDefinitions in crds/.

Every field of every kind, with its type, default, allowed values, validation and description, as
the API server will enforce them: the CRDs are the API's source of truth, this page is derived.
It also keeps `fleetPolicy.spec` in the Helm chart's values.schema.json equal to the FleetPolicy
CRD's spec schema (closed to unknown fields), so that a misspelt policy field in values fails
`helm install` instead of being pruned silently by the API server.

    python3 hack/gen-api-docs.py           # rewrite both
    python3 hack/gen-api-docs.py --check   # exit 1 when either is not current
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CRDS = ROOT / "crds"
OUTPUT = ROOT / "docs" / "api-reference.md"
VALUES_SCHEMA = ROOT / "charts" / "aifleet" / "values.schema.json"

# Namespaced kinds first, in the order a reader meets them, then the cluster-scoped policy.
ORDER = ["InferenceService", "TrainingJob", "FeatureStore", "FleetPolicy"]


def cell(text):
    """Text safe inside a Markdown table cell (GitHub reads `\\|` as a literal bar, in code spans too)."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def code(value):
    """A value as inline code in a table cell (YAML's flow form for lists and maps)."""
    if isinstance(value, str):
        text = value
    else:
        text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
        text = text.removesuffix("...").strip()
    return "`" + cell(text) + "`"


def type_of(node):
    """The field's type as a reader would name it: `string`, `[]object`, `map[string]string`, ..."""
    if node.get("x-kubernetes-int-or-string"):
        return "int-or-string"
    kind = node.get("type", "any")
    if kind == "array":
        return "[]" + type_of(node.get("items", {}))
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + type_of(node["additionalProperties"])
    if node.get("format") and kind in ("integer", "number", "string"):
        return f"{kind} ({node['format']})"
    return kind


def validation(node):
    """The constraints of a field, one short phrase each."""
    parts = []
    if "enum" in node:
        parts.append("one of " + ", ".join(code(v) for v in node["enum"]))
    for key, phrase in (("minimum", "≥"), ("maximum", "≤"), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
        if key in node and not isinstance(node[key], bool):
            parts.append(f"{phrase} {node[key]}")
    for key, phrase in (("minLength", "length ≥"), ("maxLength", "length ≤"),
                        ("minItems", "items ≥"), ("maxItems", "items ≤"),
                        ("minProperties", "entries ≥"), ("maxProperties", "entries ≤")):
        if key in node:
            parts.append(f"{phrase} {node[key]}")
    if "pattern" in node:
        parts.append("matches " + code(node["pattern"]))
    list_type = node.get("x-kubernetes-list-type")
    if list_type == "set":
        parts.append("unique items")
    elif list_type == "map":
        parts.append("keyed by " + ", ".join(code(k) for k in node.get("x-kubernetes-list-map-keys", [])))
    for rule in node.get("x-kubernetes-validations", []):
        parts.append("rule " + code(rule["rule"]) + (f": {cell(rule['message'])}" if rule.get("message") else ""))
    return "; ".join(parts)


def fields(node, path, required=False):
    """Rows (path, node, required) of a schema node and of everything below it, depth first."""
    rows = [(path, node, required)] if path else []
    needed = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        rows += fields(child, f"{path}.{name}" if path else name, name in needed)
    items = node.get("items")
    if isinstance(items, dict) and (items.get("properties") or items.get("items")):
        rows += fields_below(items, f"{path}[]")
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra.get("properties"):
        rows += fields_below(extra, f"{path}.*")
    return rows


def fields_below(node, path):
    """Rows of the fields inside a list item or map value (the item itself has the list's row)."""
    needed = set(node.get("required", []))
    rows = []
    for name, child in node.get("properties", {}).items():
        rows += fields(child, f"{path}.{name}", name in needed)
    if isinstance(node.get("items"), dict):
        rows += fields_below(node["items"], f"{path}[]")
    return rows


def field_table(root, section):
    lines = ["| Field | Type | Default | Validation | Description |", "| --- | --- | --- | --- | --- |"]
    for path, node, required in fields(root[section], section):
        name = f"`{path}`" + (" (required)" if required else "")
        default = code(node["default"]) if "default" in node else ""
        lines.append(f"| {name} | {cell(type_of(node))} | {default} | {validation(node)} | "
                     f"{cell(node.get('description', ''))} |")
    return lines


def anchor(kind):
    return kind.lower()


def crd_section(crd):
    spec = crd["spec"]
    names = spec["names"]
    kind = names["kind"]
    version = next(v for v in spec["versions"] if v.get("storage"))
    schema = version["schema"]["openAPIV3Schema"]
    subresources = ", ".join(sorted(version.get("subresources", {}))) or "none"
    lines = [
        f"## {kind}",
        "",
        cell(schema.get("description", "")),
        "",
        f"- API version: `{spec['group']}/{version['name']}`, "
        + ("namespaced" if spec["scope"] == "Namespaced" else "cluster-scoped"),
        f"- Resource: `{names['plural']}` (singular `{names['singular']}`"
        + (", short names " + ", ".join(f"`{n}`" for n in names.get("shortNames", [])) if names.get("shortNames") else "")
        + (", categories " + ", ".join(f"`{c}`" for c in names.get("categories", [])) if names.get("categories") else "")
        + ")",
        f"- Subresources: {subresources}",
        f"- Defined in: `crds/{crd['_file']}`",
        "",
    ]
    for rule in schema.get("x-kubernetes-validations", []):
        lines += [f"- Object rule: {code(rule['rule'])}: {cell(rule.get('message', ''))}", ""]
    columns = version.get("additionalPrinterColumns", [])
    if columns:
        lines += [f"`kubectl get {names['plural']}` columns:", "",
                  "| Column | Type | From | Description |", "| --- | --- | --- | --- |"]
        for column in columns:
            lines.append(f"| {cell(column['name'])} | {column['type']} | {code(column['jsonPath'])} | "
                         f"{cell(column.get('description', ''))} |")
        lines.append("")
    properties = schema.get("properties", {})
    for section, title in (("spec", "Spec"), ("status", "Status")):
        if section in properties:
            lines += [f"### {kind} {title.lower()}", ""]
            lines += [cell(properties[section].get("description", "")), ""]
            lines += field_table(properties, section)
            lines.append("")
    return lines


def render():
    crds = []
    for path in sorted(CRDS.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        crd["_file"] = path.name
        crds.append(crd)
    crds.sort(key=lambda c: (ORDER.index(c["spec"]["names"]["kind"]) if c["spec"]["names"]["kind"] in ORDER
                             else len(ORDER), c["spec"]["names"]["kind"]))
    lines = [
        "# API reference: aifleet.dev/v1alpha1",
        "",
        "<!-- Generated by hack/gen-api-docs.py from crds/; do not edit. "
        "hack/chart-test.py fails when it is not current. -->",
        "",
        "Every field of every aifleet kind, as the API server validates it. Field paths use `[]` for the "
        "items of a list and `.*` for the values of a map. `kubectl explain KIND.spec` shows the same "
        "descriptions in a cluster. The guides: [FleetPolicy](fleetpolicy.md), "
        "[operations](operations.md).",
        "",
    ]
    lines += [f"- [{c['spec']['names']['kind']}](#{anchor(c['spec']['names']['kind'])})" for c in crds]
    lines.append("")
    for crd in crds:
        lines += crd_section(crd)
    return "\n".join(lines).rstrip("\n") + "\n"


def json_schema(node):
    """A CRD schema node as JSON Schema for Helm: Kubernetes' x- extensions (CEL rules, list types)
    dropped, objects with declared properties closed to others as the API server's pruning makes them."""
    node = {key: value for key, value in node.items() if not key.startswith("x-kubernetes-")}
    if "properties" in node:
        node["properties"] = {name: json_schema(child) for name, child in node["properties"].items()}
        node.setdefault("additionalProperties", False)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = json_schema(node[key])
    if "anyOf" in node:
        node["anyOf"] = [json_schema(child) for child in node["anyOf"]]
    return node


def values_schema():
    """values.schema.json with fleetPolicy.spec set from the FleetPolicy CRD."""
    crd = yaml.safe_load((CRDS / "aifleet.dev_fleetpolicies.yaml").read_text())
    version = next(v for v in crd["spec"]["versions"] if v.get("storage"))
    spec = json_schema(version["schema"]["openAPIV3Schema"]["properties"]["spec"])
    schema = json.loads(VALUES_SCHEMA.read_text())
    schema["properties"]["fleetPolicy"]["properties"]["spec"] = spec
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when an output is not current")
    args = parser.parse_args()
    outputs = [(OUTPUT, render()), (VALUES_SCHEMA, values_schema())]
    if args.check:
        stale = [path for path, text in outputs if not path.exists() or path.read_text() != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is not current: run python3 hack/gen-api-docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs:
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
