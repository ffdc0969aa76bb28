# First batch: GCompris paintings and photographs, Naev portraits.
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

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
