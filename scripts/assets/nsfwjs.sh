# nsfwjs MobileNetV2 classifier (MIT) converted to ONNX for OpenCV DNN by the project's
# own scripts/convert_nsfwjs.py (needs node, python3-onnx, python3-numpy).
# Sourced by scripts/fetch-assets (fetch_npm and $POSTERN_ASSETS come from there).
nsfwjs_fetch() {
  local dir="$POSTERN_ASSETS/nsfwjs"
  local out="$dir/nsfwjs_mobilenet_v2.onnx"
  local converter; converter="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/convert_nsfwjs.py"
  # The converter's version is part of the stamp, so editing it re-converts.
  local stamp; stamp="nsfwjs@4.4.0 $(sha256sum "$converter" | cut -d' ' -f1)"
  if [ -f "$out" ] && [ "$(cat "$dir/STAMP" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  fetch_npm nsfwjs 4.4.0 585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382
  local tmp; tmp=$(mktemp -d)
  tar xzf "$NPM_TGZ" -C "$tmp" package/dist/models/mobilenet_v2 package/LICENSE
  mkdir -p "$dir"
  # Debian's interpreter: python3-onnx and python3-numpy are Debian packages.
  "${POSTERN_PYTHON:-/usr/bin/python3}" "$converter" "$tmp/package" "$out"
  cp "$tmp/package/LICENSE" "$dir/LICENSE"
  rm -rf "$tmp"
  echo "$stamp" > "$dir/STAMP"
  echo "fetch-assets: nsfwjs model in $out" >&2
}
nsfwjs_fetch
