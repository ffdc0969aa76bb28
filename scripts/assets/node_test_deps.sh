# Node packages the connector and web tests run (never shipped in the binary):
# standardwebhooks (the reference Standard Webhooks verifier, MIT) and playwright-core
# (drives Debian's chromium headless; no browser download). Installed into
# $POSTERN_ASSETS/node/node_modules. Sourced by scripts/fetch-assets; also runnable alone.
node_test_deps_fetch() {
  local assets="${POSTERN_ASSETS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/assets}"
  local prefix="$assets/node"
  local want="standardwebhooks@1.1.1 playwright-core@1.65.1"
  if [ "$(cat "$prefix/STAMP" 2>/dev/null)" = "$want" ] &&
     [ -f "$prefix/node_modules/standardwebhooks/package.json" ] &&
     [ -f "$prefix/node_modules/playwright-core/package.json" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    echo "fetch-assets: npm is missing (apt-get install -y nodejs npm)" >&2
    return 1
  fi
  mkdir -p "$prefix"
  # playwright-core never downloads browsers itself; the tests point it at /usr/bin/chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund \
    --prefix "$prefix" $want >&2
  echo "$want" > "$prefix/STAMP"
  echo "fetch-assets: node test packages in $prefix/node_modules" >&2
}
node_test_deps_fetch
