#!/usr/bin/env bash
# Gathers extra training images for the photorealism head (paintings, digital-painting
# portraits, renders; photos incl. old colour photographs) from Debian packages into
# assets/photoreal-data/ (not committed), with labels.csv in the corpus format.
# Sources and licences: config/models/photoreal-sources.md. Never uses a package listed in
# ../shared/corpus/RESERVED.md.
# Needs: apt-get (download only), dpkg, imagemagick (convert), /usr/bin/python3.
# Then: postern train-photoreal ../shared/corpus/labels.csv assets/photoreal-data/labels.csv \
#         --out config/models/photoreal.yml
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="${POSTERN_ASSETS:-$root/assets}/photoreal-data"
work="$out/src"
mkdir -p "$work" "$out/images"
labels="$out/labels.csv"
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

# --- GCompris (debian:gcompris-qt-data): images are packed in Qt .rcc resources ---
gc=gcompris-qt-data; gcv=3.1-2; gcsrc="debian:$gc=$gcv"; gclic="GPL-3+ (package); paintings public domain"
fetch $gc $gcv
rcc="$work/$gc/usr/share/gcompris-qt/rcc"
ex="$work/gcompris-extracted"
if [ ! -d "$ex" ]; then
  for a in paintings details explore_monuments explore_world_animals explore_farm_animals explore_world_music; do
    /usr/bin/python3 "$root/scripts/extract_qt_rcc.py" "$rcc/$a.rcc" "$ex/$a" --ext webp,qml
  done
fi
# Paintings puzzle: reassemble each painting from its pieces (positions in board*.qml).
pres="$ex/paintings/gcompris/src/activities/paintings/resource"
for board in "$pres"/board/board*_0.qml; do
  n=$(basename "$board" .qml)
  grep -q "Pieta" "$board" && continue  # a photograph of a sculpture: ambiguous, left out
  faces=0
  grep -q -E "Mona Lisa|Piano|Moulin|Summertime|Oiran|holding a fan|Librarian|Spring" "$board" && faces=1
  png="$work/gcompris-painting-$n.png"
  [ -f "$png" ] || /usr/bin/python3 - "$board" "$pres" "$png" <<'EOF'
import re, subprocess, sys, os
board, res, out = sys.argv[1:4]
t = open(board).read()
W = int(re.search(r'"width"\s*:\s*(\d+)', t).group(1)); H = int(re.search(r'"height"\s*:\s*(\d+)', t).group(1))
args = ["convert", "-size", f"{W}x{H}", "xc:none"]
for f, x, y in re.findall(r'"pixmapfile"\s*:\s*"(image/[^"]+\.webp)",\s*"x"\s*:\s*"([\d.]+)",\s*"y"\s*:\s*"([\d.]+)"', t):
    p = os.path.join(res, f)
    w, h = map(int, subprocess.check_output(["identify", "-format", "%w %h", p]).split())
    args += [p, "-geometry", f"+{round(float(x) * W - w / 2)}+{round(float(y) * H - h / 2)}", "-composite"]
subprocess.check_call(args + ["-trim", "+repage", out])
EOF
  add "$png" "gcompris-painting-$n" 0 $faces "$gcsrc" "$gclic"
done
# Find-the-details backgrounds: Van Gogh paintings and photographs of landmarks.
dimg="$ex/details/gcompris/src/activities/details/resource/image"
for f in "$dimg"/*_background.webp; do
  n=$(basename "$f" _background.webp)
  case "$n" in
    VincentVanGogh*|Eglise_dAuvers*|Gogh4|Van_Gogh*|PortraitOfPereTanguy)
      faces=0; [ "$n" = PortraitOfPereTanguy ] && faces=1
      add "$f" "gcompris-details-$n" 0 $faces "$gcsrc" "$gclic" ;;
    *) add "$f" "gcompris-details-$n" 1 0 "$gcsrc" "$gclic" ;;
  esac
done
# Photographs: monuments (every second), animals, musicians (people, so faces).
i=0
for f in $(find "$ex/explore_monuments" -name '*.webp' | sort); do
  i=$((i + 1)); [ $((i % 2)) = 0 ] || continue
  add "$f" "gcompris-monument-$(basename "$f" .webp)" 1 0 "$gcsrc" "$gclic"
done
for f in $(find "$ex/explore_world_animals" "$ex/explore_farm_animals" -name '*.webp' | sort); do
  add "$f" "gcompris-animal-$(basename "$f" .webp)" 1 0 "$gcsrc" "$gclic"
done
for f in $(find "$ex/explore_world_music" -name '*.webp' | sort); do
  add "$f" "gcompris-music-$(basename "$f" .webp)" 1 1 "$gcsrc" "$gclic"
done

# --- Naev (debian:naev-data): digital-painting character portraits ---
nv=naev-data; nvv=0.8.2-1
fetch $nv $nvv
i=0
for f in $(find "$work/$nv/usr/share/naev/dat/gfx/portraits" -name '*.png' | sort); do
  case "$(basename "$f")" in news.png|none.png|unknown.png|*placeholder*) continue ;; esac
  i=$((i + 1)); [ $((i % 3)) = 1 ] || continue
  rel=${f#"$work/$nv/usr/share/naev/dat/gfx/portraits/"}
  add "$f" "naev-portrait-$(echo "$rel" | tr '/' '_' | sed 's/\.png$//')" 0 1 \
    "debian:$nv=$nvv" "GPL-3 / CC-BY-SA-3.0 (per file, see the package copyright)"
done

# --- Endless Sky (debian:endless-sky-data): landscape photos, old colour photographs, renders ---
es=endless-sky-data; esv=0.9.8-1.2
fetch $es $esv
esd="$work/$es/usr/share/games/endless-sky/images"
i=0
for f in $(ls "$esd"/land/*.jpg | sort); do
  i=$((i + 1)); [ $((i % 7)) = 1 ] || continue
  add "$f" "endless-sky-land-$(basename "$f" .jpg)" 1 0 "debian:$es=$esv" "public-domain / CC-BY-SA-3.0 (per file)"
done
# Library of Congress colour photographs of workers (faces in most) and NASA engine tests.
for n in loc0 loc1 loc2 loc3 loc4 loc5 loc6 loc7 loc8 loc9; do
  add "$esd/scene/$n.jpg" "endless-sky-scene-$n" 1 1 "debian:$es=$esv" "public-domain (Library of Congress)"
done
for n in engine engine2; do
  add "$esd/scene/$n.jpg" "endless-sky-scene-$n" 1 0 "debian:$es=$esv" "public-domain (NASA)"
done
# Renders and an artist's impression: not photographs.
add "$esd/scene/eso0.jpg" "endless-sky-scene-eso0" 0 0 "debian:$es=$esv" "CC-BY-4.0 (ESO/L. Calçada)"
for n in geoscan lobby tempest; do
  add "$esd/scene/$n.jpg" "endless-sky-scene-$n" 0 0 "debian:$es=$esv" "CC-BY-SA-4.0 / public-domain (per file)"
done

echo "gather-photoreal-data: $(($(wc -l < "$labels") - 1)) images in $out" >&2
