# LDNOOBW English word list (npm naughty-words@1.2.0, CC-BY-4.0) for the text_policy
# check: config/textpolicy/ldnoobw.yaml reads $POSTERN_ASSETS/textpolicy/naughty-words-en.json.
# Sourced by scripts/fetch-assets (fetch_npm, asset_current/asset_done, $POSTERN_ASSETS).
naughty_words_fetch() {
  local dir="$POSTERN_ASSETS/textpolicy"
  local package=naughty-words version=1.2.0
  local package_sha=c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e
  local stamp_text="$package@$version $package_sha"
  local outputs=("$dir/naughty-words-en.json" "$dir/naughty-words-LICENSE")
  asset_current naughty_words "$stamp_text" "${outputs[@]}" && return 0

  fetch_npm "$package" "$version" "$package_sha"
  local tmp; tmp=$(mktemp -d)
  tar -xzf "$NPM_TGZ" -C "$tmp" package/en.json package/LICENSE
  mkdir -p "$dir"
  mv "$tmp/package/en.json" "$dir/naughty-words-en.json"
  mv "$tmp/package/LICENSE" "$dir/naughty-words-LICENSE"
  rm -rf "$tmp"
  asset_done naughty_words "$stamp_text" "${outputs[@]}"
  echo "fetch-assets: word list in $dir" >&2
}
naughty_words_fetch
