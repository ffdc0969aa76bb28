# LDNOOBW English word list (npm naughty-words@1.2.0, CC-BY-4.0) for the text_policy
# check: config/textpolicy/ldnoobw.yaml reads $POSTERN_ASSETS/textpolicy/naughty-words-en.json.
# Sourced by scripts/fetch-assets (fetch_npm and POSTERN_ASSETS come from there).
naughty_words_out="$POSTERN_ASSETS/textpolicy/naughty-words-en.json"
if [ ! -s "$naughty_words_out" ]; then
  fetch_npm naughty-words 1.2.0 c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e
  mkdir -p "$POSTERN_ASSETS/textpolicy"
  naughty_words_tmp=$(mktemp -d)
  tar -xzf "$NPM_TGZ" -C "$naughty_words_tmp" package/en.json package/LICENSE
  mv "$naughty_words_tmp/package/LICENSE" "$POSTERN_ASSETS/textpolicy/naughty-words-LICENSE"
  mv "$naughty_words_tmp/package/en.json" "$naughty_words_out"
  rm -rf "$naughty_words_tmp"
fi
