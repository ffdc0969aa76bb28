# Animal photographs for the human-face verifier (last: it switches $labels to animals.csv).
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

# --- Animal photographs (faces 0), in animals.csv: for the human-face verifier only
# (train-photoreal --human-face-only). In the photorealism head's rows the cut-outs on grey
# taught it that a plain background means a photograph: held-out paintings called photographs
# rose from 56 to 65 of 369. Animal faces must not pass for human ones. Tux Paint's
# photographic mammal and bird stamps (cut-outs, flattened onto grey; the drawn, cartoon, toy and
# rendered ones left out, and the two the dev corpus has), pets and birds from GNOME's and
# Plasma's account pictures ---
labels="$out/animals.csv"
echo "file,photoreal,faces,source,license" > "$labels"
ts=tuxpaint-stamps-default; tsv=2022.06.04-1; tssrc="debian:$ts=$tsv"
fetch_only $ts $tsv '/usr/share/tuxpaint/stamps/animals/mammals/*' '/usr/share/tuxpaint/stamps/animals/marsupials/*' \
  '/usr/share/tuxpaint/stamps/animals/birds/*'
for f in $(find "$work/$ts/usr/share/tuxpaint/stamps/animals" -name '*.png' | sort); do
  case "$f" in
    */cartoon/*|*/toys/*|*/whale.png|*/orca.png|*/dolphin.png|*/echidna.png|*/hedgehog.png) continue ;;
    */crowned_crane.png|*/gnu-baby.png) continue ;;  # in the dev corpus
  esac
  add "$f" "tuxpaint-stamp-$(basename "$f" .png)" 1 0 "$tssrc" "GPL-2+ (Tux Paint stamps, per the package copyright)"
done
gn=gnome-control-center-data; gnv=1:43.6-2~deb12u1
fetch_only $gn $gnv '/usr/share/pixmaps/faces/*.jpg'
add_each "$work/$gn/usr/share/pixmaps/faces" gnome-face 1 "debian:$gn=$gnv" "CC-BY-SA-3.0 / CC0 (per the package copyright)" \
  cat.jpg:0 cat-eye.jpg:0 puppy.jpg:0 penguin.jpg:0 hummingbird.jpg:0 fish.jpg:0
pl=plasma-workspace-data; plv=4:5.27.5-2+deb12u2
fetch_only $pl $plv '/usr/share/plasma/avatars/photos/*.png'
add_each "$work/$pl/usr/share/plasma/avatars/photos" plasma-avatar 1 "debian:$pl=$plv" "CC0-1.0 (per-file .license)" \
  Cat.png:0 Dog.png:0 Owl.png:0 Parrot.png:0 Chameleon.png:0 Fish.png:0
