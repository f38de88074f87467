#!/usr/bin/env bash
# `npm run import`: regenerates imports/ (committed) from the pinned CRDs in crds/, offline, one
# TypeScript file per API group, and leaves cdk8s.yaml alone (--no-save).
# UPSTREAM_CRDS may name another folder laid out like crds/ (<component>-<version>/<group>_<plural>.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
crds="${UPSTREAM_CRDS:-crds}"
[ -d "$crds" ] || { echo "import: no CRD folder at $crds (restore crds/ with git, or set UPSTREAM_CRDS)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The kinds the charts use, by API group (the file names upstream gives their CRDs).
declare -A groups=(
  [gateway.networking.k8s.io]="gatewayclasses gateways httproutes referencegrants"
  [cert-manager.io]="certificates clusterissuers"
  [gateway.envoyproxy.io]="envoyproxies securitypolicies"
)
rm -rf imports
for group in $(printf '%s\n' "${!groups[@]}" | sort); do
  for plural in ${groups[$group]}; do
    file=$(find "$crds" -name "${group}_${plural}.yaml" | sort | head -n 1)
    [ -n "$file" ] || { echo "import: $crds has no ${group}_${plural}.yaml" >&2; exit 2; }
    printf -- '---\n'; cat "$file"; printf '\n'
  done > "$work/$group.yaml"
  CDK8S_CHECK_UPGRADE=false npx cdk8s import "$work/$group.yaml" --output imports --language typescript --no-save >/dev/null
done
ls imports
