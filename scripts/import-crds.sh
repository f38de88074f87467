#!/usr/bin/env bash
# Regenerates imports/ (committed) from the pinned upstream CRDs, offline.
# UPSTREAM_CRDS: a folder laid out like ../shared/crds (one folder per pinned release).
# Only the kinds the charts use are imported, one TypeScript file per API group.
set -euo pipefail
cd "$(dirname "$0")/.."
crds="${UPSTREAM_CRDS:-../shared/crds}"
[ -d "$crds" ] || { echo "UPSTREAM_CRDS: no CRD folder at $crds" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

group() { # group <name> <files...>: one multi-document YAML per API group
  local name="$1"; shift
  for f in "$@"; do printf -- '---\n'; cat "$crds/$f"; printf '\n'; done > "$work/$name.yaml"
}
group gateway-api \
  gateway-api-v1.6.1/gateway.networking.k8s.io_gatewayclasses.yaml \
  gateway-api-v1.6.1/gateway.networking.k8s.io_gateways.yaml \
  gateway-api-v1.6.1/gateway.networking.k8s.io_httproutes.yaml \
  gateway-api-v1.6.1/gateway.networking.k8s.io_referencegrants.yaml
group cert-manager \
  cert-manager-v1.21.1/cert-manager.io_certificates.yaml \
  cert-manager-v1.21.1/cert-manager.io_clusterissuers.yaml
group envoy-gateway \
  envoy-gateway-v1.9.0/gateway.envoyproxy.io_envoyproxies.yaml \
  envoy-gateway-v1.9.0/gateway.envoyproxy.io_securitypolicies.yaml

rm -rf imports
for name in gateway-api cert-manager envoy-gateway; do
  npx cdk8s import "$work/$name.yaml" --output imports --language typescript --no-check-upgrade >/dev/null
done
ls imports
