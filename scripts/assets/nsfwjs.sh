# nsfwjs MobileNetV2 classifier (MIT) converted to ONNX for OpenCV DNN by the project's
# own scripts/convert_nsfwjs.py (needs node, python3-onnx, python3-numpy).
# Sourced by scripts/fetch-assets (fetch_npm, asset_current/asset_done, $POSTERN_ASSETS).
nsfwjs_fetch() {
  local dir="$POSTERN_ASSETS/nsfwjs"
  local package=nsfwjs version=4.4.0
  local package_sha=585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382
  local converter; converter="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/convert_nsfwjs.py"
  # The converter's SHA-256 is in the stamp, so editing it re-converts.
  local stamp_text; stamp_text="$package@$version $package_sha converter $(sha256_of "$converter")"
  local outputs=("$dir/nsfwjs_mobilenet_v2.onnx" "$dir/LICENSE")
  asset_current nsfwjs "$stamp_text" "${outputs[@]}" && return 0

  fetch_npm "$package" "$version" "$package_sha"
  local tmp; tmp=$(mktemp -d)
  tar xzf "$NPM_TGZ" -C "$tmp" package/dist/models/mobilenet_v2 package/LICENSE
  mkdir -p "$dir"
  # Debian's interpreter: python3-onnx and python3-numpy are Debian packages.
  "${POSTERN_PYTHON:-/usr/bin/python3}" "$converter" "$tmp/package" "$dir/nsfwjs_mobilenet_v2.onnx"
  cp "$tmp/package/LICENSE" "$dir/LICENSE"
  rm -rf "$tmp"
  asset_done nsfwjs "$stamp_text" "${outputs[@]}"
  echo "fetch-assets: nsfwjs model in $dir" >&2
}
nsfwjs_fetch
