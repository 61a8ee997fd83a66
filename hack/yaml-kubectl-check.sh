#!/usr/bin/env bash
# Checks the scalar table of Tests/KubeCoreTests/YAMLScalarTests.swift against the kubectl installed
# here, offline: each `Row(#"YAML"#, #"JSON"#)` (a value) and `KeyRow(...)` (a map key) is put in a
# ConfigMap, read with `kubectl label --local -f FILE x=y -o json`, and compared with the expected JSON
# (numbers compare by value: kubectl prints 1000.0 as 1000). `error` rows must make kubectl fail.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - Tests/KubeCoreTests/YAMLScalarTests.swift <<'PY'
import json, re, subprocess, sys, tempfile

text = open(sys.argv[1]).read()
rows = re.findall(r'^\s*(Row|KeyRow)\(#"(.*)"#, #"(.*)"#\),$', text, re.M)

def kubectl(data_lines):
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n" + data_lines + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        f.write(doc)
        f.flush()
        run = subprocess.run(["kubectl", "label", "--local", "-f", f.name, "x=y", "-o", "json"],
                             capture_output=True, text=True)
    if run.returncode != 0:
        return None
    return json.loads(run.stdout).get("data")

def same(a, b):
    number = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    if number(a) and number(b):
        return float(a) == float(b)
    return type(a) is type(b) and a == b

failures = 0
for kind, yaml, expected in rows:
    if kind == "Row":
        data = kubectl("  k: " + yaml)
        got = None if data is None else data.get("k")
        ok = data is None if expected == "error" else (data is not None and same(got, json.loads(expected)))
    else:
        data = kubectl("  " + yaml + ": v")
        got = None if data is None else list(data)
        ok = data is None if expected == "error" else got == [json.loads(expected)]
    print(("ok  " if ok else "FAIL"), kind, repr(yaml), "expected", expected, "kubectl", "error" if data is None else json.dumps(got))
    failures += 0 if ok else 1
print(f"{len(rows)} rows, {failures} failures")
sys.exit(1 if failures else 0)
PY
