#!/usr/bin/env bash
# Gathers extra training images for the photorealism head (paintings, digital-painting
# portraits, renders; photos incl. old colour photographs) from Debian packages into
# assets/photoreal-data/ (not committed), with labels.csv in the corpus format. This file holds
# the shared steps (fetch, add); the sources are in scripts/photoreal-data/, one file per batch.
# Sources and licences: config/models/photoreal-sources.md. Never uses a package listed in
# ../shared/corpus/RESERVED.md.
# Needs: apt-get (download only), dpkg, imagemagick (convert), /usr/bin/python3 with numpy,
# librsvg2-bin (rsvg-convert, for the card decks).
# Then: postern train-photoreal ../shared/corpus/labels.csv assets/photoreal-data/labels.csv \
#         --human-face-only assets/photoreal-data/animals.csv --human-face-out config/models/human_face.yml \
#         --out config/models/photoreal.yml
set -euo pipefail
export LC_ALL=C  # "every Nth file" selections depend on sort order
root=$(cd "$(dirname "$0")/.." && pwd)
out="${POSTERN_ASSETS:-$root/assets}/photoreal-data"
work="$out/src"
mkdir -p "$work" "$out/images"
labels="$out/labels.csv"
shared="${POSTERN_SHARED:-$root/../shared}"  # the shared corpus: copies of its pictures are dropped at the end
[ -f "$shared/corpus/labels.csv" ] || { echo "gather-photoreal-data: no $shared/corpus/labels.csv (set POSTERN_SHARED)" >&2; exit 1; }
echo "file,photoreal,faces,source,license" > "$labels"

fetch() {  # fetch PACKAGE VERSION -> unpacked under $work/PACKAGE
  local pkg=$1 ver=$2
  [ -d "$work/$pkg" ] && return 0
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null)
  dpkg -x "$tmp"/*.deb "$work/$pkg.tmp"
  mv "$work/$pkg.tmp" "$work/$pkg"
  rm -rf "$tmp"
}

add() {  # add SRC_FILE NAME PHOTOREAL FACES SOURCE LICENSE: flatten alpha onto grey, max 1024 px
  local src=$1 name=$2
  local ext=png
  case "$src" in *.jpg|*.jpeg) ext=jpg ;; esac
  local dest="images/$name.$ext"
  if [ ! -f "$out/$dest" ]; then
    convert "$src" -background '#808080' -flatten -resize '1024x1024>' -quality 90 "$out/$dest"
  fi
  echo "$dest,$3,$4,$5,$6" >> "$labels"
}

fetch_only() {  # fetch_only PACKAGE VERSION PATH_GLOB... -> only the matching files, under $work/PACKAGE
  local pkg=$1 ver=$2; shift 2
  # Re-extract when the version or the path list changed (the stamp records both).
  local stamp="$ver $*"
  [ -d "$work/$pkg" ] && [ "$(cat "$work/$pkg.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null)
  rm -rf "$work/$pkg" "$work/$pkg.tmp"; mkdir -p "$work/$pkg.tmp"
  dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$work/$pkg.tmp" --wildcards "${@/#/.}"
  mv "$work/$pkg.tmp" "$work/$pkg"
  echo "$stamp" > "$work/$pkg.stamp"
  rm -rf "$tmp"
}

add_each() {  # add_each DIR PREFIX PHOTOREAL SOURCE LICENSE REL:FACES... -> add DIR/REL as PREFIX-<basename>
  local dir=$1 prefix=$2 pr=$3 src=$4 lic=$5; shift 5
  local item rel faces b
  for item in "$@"; do
    rel=${item%:*}; faces=${item##*:}
    b=$(basename "$rel"); b=${b%.*}
    add "$dir/$rel" "$prefix-$b" "$pr" "$faces" "$src" "$lic"
  done
}


# The images, batch by batch (animals last: that part writes animals.csv).
for part in "$root"/scripts/photoreal-data/[0-9]-*.sh; do
  # shellcheck source=/dev/null
  source "$part"
done

# A package's copy of a picture already in the training data would count twice.
/usr/bin/python3 "$root/scripts/photoreal-data/drop_duplicates.py" "$shared/corpus" "$out"

echo "gather-photoreal-data: $(($(wc -l < "$out/labels.csv") - 1)) images in labels.csv," \
  "$(($(wc -l < "$out/animals.csv") - 1)) in animals.csv, in $out" >&2
