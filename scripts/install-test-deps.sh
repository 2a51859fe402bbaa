#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: the real servers the tests start on
# loopback (from Debian's packages) and the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  nginx libnginx-mod-http-echo apache2 haproxy varnish caddy php-fpm lighttpd squid
  nsd unbound dnsutils openssl curl ca-certificates hyperfine postgresql
  prometheus  # for promtool, which checks the /metrics output
  chromium  # the status pages are checked in a real browser (test/web/*.browser.test.ts)
  nghttp2-proxy trafficserver  # nghttpx and traffic_server, gateways the scenarios run
  systemd zsh  # systemd-analyze verify checks examples/whydown.service; zsh runs the zsh completion
  iproute2 nftables  # network namespaces for the vantage and DNS tests (ip netns, nft rules that reject or drop)
)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts some of these as services on install where it can; the tests start their own
# copies on their own ports, so stop none here and bind nothing fixed.

npm ci --no-audit --no-fund

# Node 24 for the suite's second run (`npm test` runs it on this machine's Node, then on Node 24).
# The npm registry's node-linux-<arch> package carries the official binary (the `node` package
# only fetches that one from a preinstall script); kept in the git-ignored .tools/node24.
NODE24=.tools/node24
if ! "$NODE24/bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' 2>/dev/null; then
  arch="$(node -p process.arch)"
  rm -rf "$NODE24"
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$NODE24" "node-linux-${arch}@24" >/dev/null
  mkdir -p "$NODE24/bin"
  ln -sf "../node_modules/node-linux-${arch}/bin/node" "$NODE24/bin/node"
fi
echo "Node 24 for the tests: $("$NODE24/bin/node" --version) ($NODE24/bin/node)"
