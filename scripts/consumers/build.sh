#!/usr/bin/env bash
# Builds the pinned consumers once into a cache outside the repository (EDGE_CONSUMERS_CACHE, default
# ~/.cache/edge-consumers/<tool>@<version>), each into a temporary directory renamed into place when
# complete, so an interrupted build never leaves a half-built tool behind. Prints the bin directories
# as the last line (colon-separated, for PATH). Any missing toolchain or failed build: one line, exit 1.
# Progress (what is building, how long it took) goes to stderr.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
cache="${EDGE_CONSUMERS_CACHE:-$HOME/.cache/edge-consumers}"
mkdir -p "$cache" || { echo "consumers: cannot create the cache $cache"; exit 1; }
export GOWORK=off CGO_ENABLED=0

fail() { echo "consumers: $*" >&2; exit 1; }
command -v go >/dev/null || fail "go is not installed (needed to build the pinned consumers; see scripts/consumers/versions.env)"

# build NAME@VERSION FUNCTION: runs FUNCTION with $tmp as the directory to fill, unless cached.
build() {
  local dest="$cache/$1" start tmp log
  if [ -e "$dest/.complete" ]; then echo "consumers: $1 cached" >&2; return 0; fi
  start=$SECONDS
  tmp="$(mktemp -d "$cache/.$1.XXXXXX")" || fail "cannot create a directory in $cache"
  log="$tmp.log"
  echo "consumers: building $1 ..." >&2
  if ! ( "$2" "$tmp" ) >"$log" 2>&1; then
    rm -rf "$tmp"
    fail "building $1 failed after $((SECONDS - start))s: $(tail -n 1 "$log") (whole log: $log)"
  fi
  chmod 755 "$tmp" && touch "$tmp/.complete" && rm -rf "$dest" && mv "$tmp" "$dest" && rm -f "$log" || fail "cannot move $tmp to $dest"
  echo "consumers: built $1 in $((SECONDS - start))s" >&2
}

# The module zip has no staging/ (each staging directory is its own module): point the replaces at the
# published k8s.io/* modules, then build the two commands. Version stamps as the release build sets them.
kubernetes() {
  local out="$1" src
  src="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || return 1
  cp -r "$src" "$out/src" && chmod -R u+w "$out/src" && cd "$out/src" || return 1
  sed -i -E "s#=> \./staging/src/(k8s\.io/[A-Za-z0-9._-]+)\$#=> \1 $KUBERNETES_STAGING#" go.mod
  if grep -q '=> \./staging' go.mod; then echo "unrewritten replaces in go.mod"; return 1; fi
  rm -f go.work go.work.sum
  local minor="${KUBERNETES#v1.}"; minor="${minor%%.*}"
  local ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$KUBERNETES -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  mkdir -p "$out/bin" && GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -ldflags "$ld" -o "$out/bin/" ./cmd/kube-apiserver ./cmd/kubectl || return 1
  cd "$out" && rm -rf "$out/src"
}
egctl() { GOBIN="$1/bin" go install -trimpath -ldflags "-s -w" "github.com/envoyproxy/gateway/cmd/egctl@$EGCTL"; }
kubectl_validate() { GOBIN="$1/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kubectl-validate@$KUBECTL_VALIDATE"; }

# etcd is Debian's package: installed with apt when the pinned version is not already there.
etcd_version="$(dpkg-query -W -f='${Version}' etcd-server 2>/dev/null)"
if [ "$etcd_version" != "$ETCD_DEB" ]; then
  [ "$(id -u)" -eq 0 ] || fail "etcd-server $ETCD_DEB is not installed (apt-get install etcd-server=$ETCD_DEB needs root)"
  start=$SECONDS
  echo "consumers: installing etcd-server $ETCD_DEB (apt) ..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "etcd-server=$ETCD_DEB"; } >/dev/null 2>&1 \
    || fail "apt-get install etcd-server=$ETCD_DEB failed"
  echo "consumers: installed etcd-server in $((SECONDS - start))s" >&2
fi
# etcd as a service would hold the default ports; only the binary is used.
[ -x /usr/bin/etcd ] || fail "etcd-server $ETCD_DEB installed no /usr/bin/etcd"

build "kubernetes@$KUBERNETES" kubernetes
build "egctl@$EGCTL" egctl
build "kubectl-validate@$KUBECTL_VALIDATE" kubectl_validate
echo "$cache/kubernetes@$KUBERNETES/bin:$cache/egctl@$EGCTL/bin:$cache/kubectl-validate@$KUBECTL_VALIDATE/bin"
