# Node packages the connector, web and API-contract tests run (never shipped in the
# binary): standardwebhooks (the reference Standard Webhooks verifier, MIT),
# playwright-core (drives Debian's chromium headless; no browser download), @redocly/cli
# (lints the OpenAPI description; 1.x, the last line that runs on Node 18, with jsep
# overridden to 1.4.0 because 1.6 asks for Node 20) and ajv + ajv-formats (validate
# responses against it), pinned by tests/node's package-lock.json and installed with
# `npm ci` into $POSTERN_ASSETS/node/node_modules.
# Sourced by scripts/fetch-assets (asset_current/asset_done); test-only, so skipped when
# POSTERN_ASSET_PURPOSE=run.
node_test_deps_fetch() {
  [ "$POSTERN_ASSET_PURPOSE" = run ] && return 0
  local manifests; manifests="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/node"
  # npm takes a prefix reached through a symlink for a linked package: use the real path.
  local prefix; prefix=$(realpath -m "$POSTERN_ASSETS/node")
  # node's version is in the stamp: a different node may need a fresh install.
  local stamp_text
  stamp_text="tests/node $(sha256_of "$manifests/package.json") lock $(sha256_of "$manifests/package-lock.json") node $(node --version)"
  local outputs=("$prefix/package-lock.json" "$prefix/node_modules/.package-lock.json")
  asset_current node_test_deps "$stamp_text" "${outputs[@]}" && return 0

  mkdir -p "$prefix"
  cp "$manifests/package.json" "$manifests/package-lock.json" "$prefix/"
  # playwright-core never downloads browsers itself; the tests point it at /usr/bin/chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$prefix" --ignore-scripts \
    --no-audit --no-fund >&2
  asset_done node_test_deps "$stamp_text" "${outputs[@]}"
  echo "fetch-assets: node test packages in $prefix/node_modules" >&2
}
node_test_deps_fetch
