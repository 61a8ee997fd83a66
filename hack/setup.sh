#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks, then builds. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and tests need: libcurl (HTTP to the API server), libyaml (manifests),
# libzstd (compressed caches; its library comes with libcurl, the -dev package adds the headers).
packages=(libcurl4-openssl-dev libyaml-dev libzstd-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "hack/setup.sh: missing Debian packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "hack/setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python packages the chart tests need (hack/chart-test.py): Helm v4 as a library, and PyYAML for
# hack/gen-api-docs.py. Pinned, installed only when missing.
python_packages=("helm-python-sdk==0.2.2:helm_python" "PyYAML>=6:yaml")
missing_python=()
for entry in "${python_packages[@]}"; do
  python3 -c "import ${entry##*:}" 2>/dev/null || missing_python+=("${entry%%:*}")
done
if [ ${#missing_python[@]} -gt 0 ]; then
  echo "hack/setup.sh: installing ${missing_python[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${missing_python[@]}"
fi

swift build --build-tests
