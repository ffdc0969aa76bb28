#!/usr/bin/env bash
# Gathers extra training images for the photorealism head (paintings, digital-painting
# portraits, renders; photos incl. old colour photographs) from Debian packages into
# assets/photoreal-data/ (not committed), with labels.csv in the corpus format.
# Sources and licences: config/models/photoreal-sources.md. Never uses a package listed in
# ../shared/corpus/RESERVED.md.
# Needs: apt-get (download only), dpkg, imagemagick (convert), /usr/bin/python3.
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

# ======== Second batch: more diverse sources (none of them is used by the dev corpus) ========
# Realistic non-photographs with faces (digital paintings, manuscript paintings, old 3D renders,
# tarot art) and real photographs of people (portraits, webcam frames, group and old photos).

# --- Flare (debian:flare-game): realistic digital-painting portraits, painted backgrounds ---
fl=flare-game; flv=1.14-1; flsrc="debian:$fl=$flv"; fllic="CC-BY-SA-3.0+"
fetch_only $fl $flv '/usr/share/games/flare/mods/fantasycore/images/portraits/*' \
  '/usr/share/games/flare/mods/fantasycore/images/menus/backgrounds/*' \
  '/usr/share/games/flare/mods/empyrean_campaign/images/cutscenes/*'
fld="$work/$fl/usr/share/games/flare/mods"
for f in $(ls "$fld"/fantasycore/images/portraits/{female,male}*.png | sort); do  # all 35 human portraits
  add "$f" "flare-portrait-$(basename "$f" .png)" 0 1 "$flsrc" "$fllic"
done
add_each "$fld" flare 0 "$flsrc" "$fllic" fantasycore/images/menus/backgrounds/{badlands,fire_temple,ice_palace}.png:0 \
  empyrean_campaign/images/cutscenes/{arrival,obelisk}.png:0

# --- Stellarium sky cultures (debian:stellarium-data): constellation figures painted in manuscripts
# (Leiden Aratea, 9th c.; al-Sufi's Book of Fixed Stars) and drawn Babylonian figures, on black ---
st=stellarium-data; stv=0.22.2-1; stsrc="debian:$st=$stv"
stlic="GPL-2+ (package); sky culture art CC-BY-ND-4.0 (skycultures/*/info.ini)"
sc=/usr/share/stellarium/skycultures
fetch_only $st $stv "$sc/greek_leidenAratea/*_bg.jpg" "$sc/arabic_al-sufi/*.png" "$sc/babylonian_mulapin/*_bg.png" \
  "$sc/romanian/*.png" "$sc/egyptian_dendera/*.png" "$sc/belarusian/*.png" "$sc/indian/*.png"
std="$work/$st$sc"
add_each "$std/greek_leidenAratea" stellarium-aratea 0 "$stsrc" "$stlic" \
  Cep_Aratea_bg.jpg:1 Eri_Aratea_bg.jpg:1 Oph_Aratea_bg.jpg:1 aqr_Aratea_b_bg.jpg:1 aur_Aratea_bg.jpg:1 \
  boo_Aratea_bg.jpg:1 cas_Aratea_bg.jpg:1 gem_Aratea_bg.jpg:2 ori_Aratea_bg.jpg:1 per_Aratea_bg.jpg:1 \
  plejaden_Aratea_bg.jpg:7 sgr_Aratea_bg.jpg:1 Arg_Aratea_bg.jpg:0 leo_Aratea_bg.jpg:0
add_each "$std/arabic_al-sufi" stellarium-sufi 0 "$stsrc" "$stlic" \
  And.png:1 Aqr.png:1 Aur.png:1 Boo.png:1 Cas.png:1 Cen.png:1 Cep.png:1 Gem.png:2 Her.png:1 Oph.png:1 \
  Ori.png:1 Per.png:2 Sgr.png:1 Vir.png:1 Aql.png:0 Leo.png:0
add_each "$std/babylonian_mulapin" stellarium-mulapin 0 "$stsrc" "$stlic" \
  Enlil2_bg.png:1 Gula_bg.png:1 HiredMan_bg.png:1 Ishtar_bg.png:1 LittleTwins_bg.png:2 OldMan_bg.png:1 \
  Pabilsang+ship_bg.png:1 TrueShepherd_bg.png:1 Zababa_bg.png:1 Bull_bg.png:0
# Third batch: figures of four more sky cultures, also on black: Romanian (grey shaded drawings, two
# painted Orthodox icons), the Dendera zodiac (flat Egyptian painting, faces in profile), Belarusian
# (coloured folk drawings), Indian (grey shaded drawings). Licences from each culture's info.ini.
add_each "$std/romanian" stellarium-romanian 0 "$stsrc" "GPL-2+ (package); CC-BY-SA-3.0 (romanian/info.ini)" \
  CiobanulCuOile.png:1 FataCuColibita.png:1 Hora.png:8 arcasul.png:1 fecioara.png:1 gemenii.png:2 omul.png:1 \
  trisfetitele.png:3 vacarul.png:1
add_each "$std/egyptian_dendera" stellarium-dendera 0 "$stsrc" "GPL-2+ (package); CC-BY-ND-4.0 (egyptian_dendera/info.ini)" \
  aqr+psa.png:1 cas_grp.png:2 gem.png:2 ori.png:1 sgr.png:1 vir.png:1 lyr_gula.png:1 sirius_bow+arrow.png:1
add_each "$std/belarusian" stellarium-belarusian 0 "$stsrc" "GPL-2+ (package); CC-BY-SA-4.0 + Free Art License (belarusian/info.ini)" \
  the-bride.png:4 the-mowers.png:3 the-ploughman.png:1 the-twins.png:2
add_each "$std/indian" stellarium-indian 0 "$stsrc" "GPL-2+ (package); CC-BY-SA-4.0 (indian/info.ini)" \
  gemini.png:2 virgo.png:1 sArathi.png:1 aquarius.png:1 mRgavyAdha.png:1

# --- FreedroidRPG (debian:freedroidrpg-data): 3D-rendered character portraits (people and robots)
# and rendered backgrounds ---
fd=freedroidrpg-data; fdv=1.0-1; fdsrc="debian:$fd=$fdv"; fdlic="GPL-2+"
fdg=/usr/share/freedroidrpg/data/graphics
fetch_only $fd $fdv "$fdg/droids/*/portrait.png" "$fdg/backgrounds/*.jpg"
fdd="$work/$fd$fdg"
for n in arthur bartender cook default_male female_hunter female_scientist hot_mama jasmine kevin professor; do
  add "$fdd/droids/$n/portrait.png" "freedroidrpg-portrait-$n" 0 1 "$fdsrc" "$fdlic"
done
for n in 123 302 476 614 883 999; do
  add "$fdd/droids/$n/portrait.png" "freedroidrpg-portrait-$n" 0 0 "$fdsrc" "$fdlic"
done
add_each "$fdd/backgrounds" freedroidrpg 0 "$fdsrc" "$fdlic" console_bg1.jpg:0 credits.jpg:0 shoppe.jpg:0 title.jpg:0

# --- Seven Kingdoms (debian:7kaa-data): late-1990s pre-rendered 3D warriors, gods and scenes, some over
# photographic backgrounds, with text (.ICN: u16 width, u16 height, 8-bit pixels; .COL: 8 bytes + RGB palette) ---
sk=7kaa-data; skv=2.15.5+dfsg-1; sksrc="debian:$sk=$skv"; sklic="GPL-2+"
fetch_only $sk $skv '/usr/share/games/7kaa/ENCYC/*' '/usr/share/games/7kaa/ENCYC2/*' '/usr/share/games/7kaa/IMAGE/*'
skx="$work/7kaa-extracted"
sksel=(ENCYC2/UNIT/EGYPTIAN:1 ENCYC2/UNIT/INDIAN:1 ENCYC2/UNIT/ZULU:1 ENCYC/UNIT/CHINESE:1 ENCYC/UNIT/GREEK:1
  ENCYC/UNIT/JAPANESE:1 ENCYC/UNIT/MAYA:1 ENCYC/UNIT/PERSIAN:1 ENCYC/UNIT/VIKING:1 ENCYC/UNIT/NORMAN:0
  ENCYC2/GOD/EGYPTIAN:1 ENCYC/GOD/JAPANESE:1 ENCYC/GOD/VIKING:1 ENCYC/SEAT/GREEK:0 ENCYC/FIRM/INN:0
  ENCYC/UNIT/GALLEON:0 IMAGE/NORMAN:0 IMAGE/VIKING:0
  # third batch: more gods and monsters (humanoid faces: 1) and town scenes (figures small or from behind)
  ENCYC/GOD/PERSIAN:1 ENCYC2/GOD/INDIAN:1 ENCYC2/GOD/ZULU:1 ENCYC/MONSTER/GREMJERM:1 ENCYC/GOD/GREEK:0
  ENCYC/MONSTER/GITH:0 ENCYC/MONSTER/HOBGLOB:0 ENCYC/MONSTER/LIZARD:0 IMAGE/CHINESE:0 IMAGE/GREEK:0
  IMAGE/JAPANESE:0 IMAGE/PERSIAN:0)
# Decodes only the pictures not decoded yet (each written whole, then renamed).
/usr/bin/python3 - "$work/$sk/usr/share/games/7kaa" "$skx" "${sksel[@]%:*}" <<'EOF'
import os, struct, sys
src, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
for name in names:
    dest = os.path.join(out, name.replace("/", "_") + ".ppm")
    if os.path.exists(dest):
        continue
    pal = open(os.path.join(src, name + ".COL"), "rb").read()[8:8 + 768]
    data = open(os.path.join(src, name + ".ICN"), "rb").read()
    w, h = struct.unpack("<HH", data[:4])
    rgb = b"".join(pal[3 * p:3 * p + 3] for p in data[4:4 + w * h])
    open(dest + ".tmp", "wb").write(b"P6\n%d %d\n255\n" % (w, h) + rgb)
    os.replace(dest + ".tmp", dest)
EOF
for item in "${sksel[@]}"; do
  n=${item%:*}; n=${n//\//_}
  add "$skx/$n.ppm" "7kaa-$n" 0 "${item##*:}" "$sksrc" "$sklic"
done

# --- LordsAWar! (debian:lordsawar-data): semi-realistic digital paintings (knights, parley, ruins) ---
lw=lordsawar-data; lwv=0.3.2+frogknows-1
fetch_only $lw $lwv '/usr/share/games/lordsawar/various/*'
add_each "$work/$lw/usr/share/games/lordsawar/various" lordsawar 0 "debian:$lw=$lwv" "GPL-3+" \
  parley_offered.png:3 recruit_female.png:1 recruit_male.png:0 city_occupied.png:0 parley_refused.png:0 \
  ruin_1.png:0 ruin_2.png:0 ship.png:0 splash_screen.png:0 win.png:0

# --- Tarot (debian:texlive-games, package jeuxcartes): engraved-style drawings of people on tarot
# cards (every second trump and four court cards) ---
tg=texlive-games; tgv=2022.20230122-4
jc=/usr/share/texlive/texmf-dist/tex/latex/jeuxcartes
fetch_only $tg $tgv "$jc/CaJ-TaroTv1-*.png"
add_each "$work/$tg$jc" texlive-games 0 "debian:$tg=$tgv" "LPPL-1.3c (jeuxcartes); Tarot v1 card images public domain" \
  CaJ-TaroTv1-1AT.png:2 CaJ-TaroTv1-3AT.png:4 CaJ-TaroTv1-5AT.png:3 CaJ-TaroTv1-7AT.png:2 CaJ-TaroTv1-9AT.png:2 \
  CaJ-TaroTv1-11AT.png:2 CaJ-TaroTv1-13AT.png:2 CaJ-TaroTv1-15AT.png:1 CaJ-TaroTv1-17AT.png:3 \
  CaJ-TaroTv1-19AT.png:3 CaJ-TaroTv1-21AT.png:4 CaJ-TaroTv1-RC.png:2 CaJ-TaroTv1-DK.png:2 \
  CaJ-TaroTv1-CP.png:2 CaJ-TaroTv1-VT.png:2

# --- TeX Live documentation (debian:texlive-*-doc and texlive-lang-*, texlive-xetex): example images
# of LaTeX packages. Licence per LaTeX package from /usr/share/doc/texlive-*/Licenses. ---
td=/usr/share/doc/texlive-doc
tp=texlive-publishers-doc; tpv=2022.20230122-4; tpsrc="debian:$tp=$tpv"
fetch_only $tp $tpv "$td/latex/acmart/samples/sample-franklin.png" "$td/latex/gzt/french/denis.png" \
  "$td/latex/thesis-gwu/figures/*.jpg" "$td/latex/hagenberg-thesis/examples/HgbThesisTutorial/images/ibm-360-color.jpg" \
  "$td/latex/jacow/TeamMeeting2019.jpg" "$td/latex/ftc-notebook/src/*.jpg" "$td/latex/kdgdocs/pi-orchid.jpg" \
  "$td/latex/mlacls/mla-example-image.jpg" "$td/latex/nwafuthesis/logo/building.jpg" \
  "$td/latex/classicthesis/gfx/example_1.jpg" "$td/lualatex/novel/html-resources/*-original.png" \
  "$td/latex/beamer-verona/plato-aristotle.jpg"
tpd="$work/$tp$td"
# Photographs of people: an old photo (acmart), portraits, two TV-series stills turned into memes
# (thesis-gwu), a 1960s colour photo (IBM 360), group photos and a collage of team snapshots.
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3 (acmart)" latex/acmart/samples/sample-franklin.png:2
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3c (gzt)" latex/gzt/french/denis.png:1
add_each "$tpd" $tp 1 "$tpsrc" "GPL-3 (thesis-gwu; stills are third-party)" \
  latex/thesis-gwu/figures/picard_yes.jpg:1 latex/thesis-gwu/figures/tumblr_lrvyd1GuNe1r3aueno1_400.jpg:1
add_each "$tpd" $tp 1 "$tpsrc" "CC-BY-4.0 (hagenberg-thesis)" latex/hagenberg-thesis/examples/HgbThesisTutorial/images/ibm-360-color.jpg:1
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3c (jacow)" latex/jacow/TeamMeeting2019.jpg:45
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3 (ftc-notebook)" latex/ftc-notebook/src/images/robocracy2018.jpg:12 \
  latex/ftc-notebook/src/images/aug18.jpg:10 latex/ftc-notebook/src/aug19/first-build.jpg:0 latex/ftc-notebook/src/bio/mitsiki.jpg:0
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3 (kdgdocs)" latex/kdgdocs/pi-orchid.jpg:0
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3c (mlacls)" latex/mlacls/mla-example-image.jpg:0
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3c (nwafuthesis)" latex/nwafuthesis/logo/building.jpg:0
add_each "$tpd" $tp 1 "$tpsrc" "GPL-2+ (classicthesis)" latex/classicthesis/gfx/example_1.jpg:0
add_each "$tpd" $tp 1 "$tpsrc" "LPPL-1.3c (novel)" lualatex/novel/html-resources/bixby-original.png:0
# Reproductions of Renaissance paintings.
add_each "$tpd" $tp 0 "$tpsrc" "LPPL-1.3 (beamer-verona)" latex/beamer-verona/plato-aristotle.jpg:2
add_each "$tpd" $tp 0 "$tpsrc" "LPPL-1.3c (novel)" lualatex/novel/html-resources/raffaelino-original.png:5

tq=texlive-pictures-doc; tqv=2022.20230122-3; tqsrc="debian:$tq=$tqv"
fetch_only $tq $tqv "$td/latex/hvfloat/sonne-meer.jpg" "$td/latex/xput/koepi.jpg" "$td/latex/tikz-imagelabels/pleiades.jpg" \
  "$td/latex/circuit-macros/examples/dpv/Incl.jpg" "$td/latex/fitbox/napoleon.png"
tqd="$work/$tq$td"
add_each "$tqd" $tq 1 "$tqsrc" "LPPL (hvfloat)" latex/hvfloat/sonne-meer.jpg:0
add_each "$tqd" $tq 1 "$tqsrc" "LPPL-1.3c (xput)" latex/xput/koepi.jpg:0
add_each "$tqd" $tq 1 "$tqsrc" "LPPL-1.3 (tikz-imagelabels)" latex/tikz-imagelabels/pleiades.jpg:0
add_each "$tqd" $tq 1 "$tqsrc" "LPPL-1.3c (circuit-macros)" latex/circuit-macros/examples/dpv/Incl.jpg:0
add_each "$tqd" $tq 0 "$tqsrc" "LPPL-1.3 (fitbox)" latex/fitbox/napoleon.png:1  # painting

tl=texlive-lang-chinese; tlv=2022.20230122-1
fetch_only $tl $tlv "$td/generic/latex-notes-zh-cn/src/dscf4684.jpg"
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "LPPL-1.3 (latex-notes-zh-cn)" generic/latex-notes-zh-cn/src/dscf4684.jpg:1
tl=texlive-lang-english; tlv=2022.20230122-1
fetch_only $tl $tlv "$td/latex/latex-course/Graphics/campus3.png" "$td/latex/tlc3-examples/example-sources/longlife.jpg"
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "GPL (latex-course)" latex/latex-course/Graphics/campus3.png:2
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "LPPL-1.3c (tlc3-examples)" latex/tlc3-examples/example-sources/longlife.jpg:0
tl=texlive-lang-other; tlv=2022.20230122-1
fetch_only $tl $tlv "$td/latex/latex-mr/Leslie_Lamport.jpg"
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "LPPL-1.3 (latex-mr)" latex/latex-mr/Leslie_Lamport.jpg:1
tl=texlive-lang-french; tlv=2022.20230122-1
fetch_only $tl $tlv "$td/latex/matapli/examples/modeleauteur/portrait.png" "$td/latex/matapli/examples/couverture/corona.jpg"
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "LPPL-1.3c (matapli)" latex/matapli/examples/modeleauteur/portrait.png:0  # a goat
add_each "$work/$tl$td" $tl 0 "debian:$tl=$tlv" "LPPL-1.3c (matapli)" latex/matapli/examples/couverture/corona.jpg:0  # 3D render
tl=texlive-xetex; tlv=2022.20230122-3
fetch_only $tl $tlv "$td/xelatex/cqubeamer/figure/go.png" "$td/xelatex/cqubeamer/figure/CQU_Campus_D.jpg"
add_each "$work/$tl$td" $tl 1 "debian:$tl=$tlv" "MIT / CC-BY-4.0 (cqubeamer; the TV still is third-party)" \
  xelatex/cqubeamer/figure/go.png:4 xelatex/cqubeamer/figure/CQU_Campus_D.jpg:0

# --- Computer-vision library docs and examples: photos of people (webcam frames, author portraits) ---
# CImg: webcam snapshots of a man holding postcards (face partly hidden), two grey video frames of a face.
cd1=cimg-doc; cd1v=3.2.1+dfsg-1
fetch_only $cd1 $cd1v '/usr/share/doc/cimg-dev/html/img/postcard*.jpg'
add_each "$work/$cd1/usr/share/doc/cimg-dev/html/img" cimg-doc 1 "debian:$cd1=$cd1v" "CeCILL" \
  postcard10.jpg:1 postcard12.jpg:1 postcard38.jpg:1 postcard43.jpg:1 postcard39.jpg:0 postcard45.jpg:0
cd2=cimg-examples; cd2v=3.2.1+dfsg-1
fetch_only $cd2 $cd2v '/usr/share/doc/cimg-dev/examples/img/*'
add_each "$work/$cd2/usr/share/doc/cimg-dev/examples/img" cimg-examples 1 "debian:$cd2=$cd2v" "CeCILL" \
  sh0r.pgm:1 sh1r.pgm:1 milla.bmp:0
# VLFeat: portraits of the authors (two black-and-white), a Caltech-101 collage, and the Mona Lisa (painting).
vl=libvlfeat-doc; vlv=0.9.21+full-1
fetch_only $vl $vlv '/usr/share/doc/libvlfeat-dev/doc/images/*.jpg'
vld="$work/$vl/usr/share/doc/libvlfeat-dev/doc/images"
add_each "$vld" $vl 1 "debian:$vl=$vlv" "BSD-2-clause" fulkerson.jpg:1 lenc.jpg:1 perdoch.jpg:1 perrone.jpg:1 \
  sarbortova.jpg:1 vedaldi.jpg:1 caltech-collage.jpg:1
add_each "$vld" $vl 0 "debian:$vl=$vlv" "BSD-2-clause" placeholder.jpg:1
# LilyPond docs: small portraits of users and a black-and-white photo of hands.
ly=lilypond-doc-html; lyv=2.24.1-2
fetch_only $ly $lyv '/usr/share/doc/lilypond/html/Documentation/pictures/*.jpg'
add_each "$work/$ly/usr/share/doc/lilypond/html/Documentation/pictures" lilypond 1 "debian:$ly=$lyv" "GFDL-1.3+" \
  carter-brey.jpg:1 orm-finnendahl.jpg:1 hader-slaan.jpg:0
# EFL test images: two photos of people, dogs, textures and skies.
el=libelementary-data; elv=1.26.3-1
fetch_only $el $elv '/usr/share/elementary/images/*.jpg'
add_each "$work/$el/usr/share/elementary/images" elementary 1 "debian:$el=$elv" "BSD-2-clause" \
  insanely_huge_test_image.jpg:2 twofish.jpg:1 mystrale.jpg:0 mystrale_2.jpg:0 plant_01.jpg:0 rock_01.jpg:0 \
  sky_01.jpg:0 sky_03.jpg:0

# --- Battle for Wesnoth (debian:wesnoth-1.16-data): painted character portraits. Same source name as
# the dev corpus rows from this package (so grouped CV holds the package out as one); the 16 portraits
# the dev corpus already has are skipped. Humanoid races all (faces 1), other creatures every third
# (faces 0: snouts, skulls, beaks are not human faces), and the painted story scenes (faces 0). ---
wn=wesnoth-1.16-data; wnv=1:1.16.9-1; wnsrc="debian:$wn=$wnv"; wnlic="GPL-2+"
wni=/usr/share/games/wesnoth/1.16/data/core/images
fetch_only $wn $wnv "$wni/portraits/*" "$wni/story/*"
wnd="$work/$wn$wni"
wndev=" bowman dark-adept+female druid duelist fencer footpad+female lady mage-arch mage-light+female mage-red mage-white+female peasant ruffian sorceress thug woodsman "
for race in humans elves dwarves merfolk orcs goblins nagas dunefolk; do
  for f in $(find "$wnd/portraits/$race" -name '*.png' -o -name '*.webp' | sort); do
    b=$(basename "${f%.*}")
    case "$wndev" in *" $b "*) continue ;; esac
    add "$f" "wesnoth-$race-$b" 0 1 "$wnsrc" "$wnlic"
  done
done
i=0
for f in $(find "$wnd/portraits/undead" "$wnd/portraits/monsters" "$wnd/portraits/drakes" "$wnd/portraits/trolls" \
    "$wnd/portraits/wolves" "$wnd/portraits/woses" "$wnd/portraits/saurians" -name '*.png' -o -name '*.webp' | sort); do
  i=$((i + 1)); [ $((i % 3)) = 1 ] || continue
  add "$f" "wesnoth-creature-$(basename "$(dirname "$f")")-$(basename "${f%.*}")" 0 0 "$wnsrc" "$wnlic"
done
for f in $(find "$wnd/story" -name '*.png' -o -name '*.webp' -o -name '*.jpg' | sort); do
  add "$f" "wesnoth-story-$(basename "${f%.*}")" 0 0 "$wnsrc" "$wnlic"
done

# --- MegaGlest (debian:megaglest-data): 3D-rendered loading screens (battle scenes, figures, two
# line drawings), of each scenario and faction; two near-copies of the Amazones screen are left out ---
mg=megaglest-data; mgv=3.13.0-3; mgsrc="debian:$mg=$mgv"; mglic="CC-BY-SA-3.0 (MegaGlest data, per the package copyright)"
mgr=/usr/share/games/megaglest
fetch_only $mg $mgv "$mgr/scenarios/*/loading_screen.jpg" "$mgr/techs/megapack/factions/*/loading_screen.jpg"
for f in $(find "$work/$mg$mgr" -name loading_screen.jpg | sort); do
  n=$(basename "$(dirname "$f")")
  case "$n" in amazones_light|amazones_pro) continue ;; esac
  faces=0; [ "$n" = duel ] && faces=2
  add "$f" "megaglest-$n" 0 $faces "$mgsrc" "$mglic"
done

# --- More photographs without faces (in moderation): greyscale test photos, nature, food, animals ---
pp=plplot-examples; ppv=5.15.0+dfsg2-6
fetch_only $pp $ppv '/usr/share/doc/plplot-examples/examples/Chloe.pgm'
add "$work/$pp/usr/share/doc/plplot-examples/examples/Chloe.pgm" plplot-examples-Chloe 1 0 "debian:$pp=$ppv" "LGPL-2+"
vg=libvigraimpex-doc; vgv=1.11.1+dfsg-11
fetch_only $vg $vgv '/usr/share/doc/libvigraimpex-dev/html/bears.jpg'
add "$work/$vg/usr/share/doc/libvigraimpex-dev/html/bears.jpg" vigra-bears 1 0 "debian:$vg=$vgv" "Expat"
# PyWavelets test images are 8-bit greyscale arrays in .npz files (zip of .npy): aerial photo, stairs.
pw=python3-pywt; pwv=1.1.1-3+b2
fetch_only $pw $pwv '/usr/lib/python3/dist-packages/pywt/data/*.npz'
pwx="$work/pywt-extracted"
if [ ! -d "$pwx" ]; then
  /usr/bin/python3 - "$work/$pw/usr/lib/python3/dist-packages/pywt/data" "$pwx.tmp" <<'EOF'
import ast, os, sys, zipfile
src, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
for name in ("aero", "ascent"):
    b = zipfile.ZipFile(os.path.join(src, name + ".npz")).read("data.npy")
    n = int.from_bytes(b[8:10], "little"); hdr = ast.literal_eval(b[10:10 + n].decode())
    assert hdr["descr"] == "|u1" and len(hdr["shape"]) == 2 and not hdr["fortran_order"]
    h, w = hdr["shape"]
    open(os.path.join(out, name + ".pgm"), "wb").write(b"P5\n%d %d\n255\n" % (w, h) + b[10 + n:10 + n + w * h])
EOF
  mv "$pwx.tmp" "$pwx"
fi
add_each "$pwx" pywt 1 "debian:$pw=$pwv" "Expat" aero.pgm:0 ascent.pgm:0
tx=tuxpaint-data; txv=1:0.9.28-sdl2-1
fetch_only $tx $txv '/usr/share/tuxpaint/templates/*.jpg'
add_each "$work/$tx/usr/share/tuxpaint/templates" tuxpaint-data 1 "debian:$tx=$txv" "GPL-2+" \
  cliff.jpg:0 corn_maze.jpg:0 jellyfish.jpg:0 lighthouse.jpg:0 sheep.jpg:0 trees_at_dusk.jpg:0
sb=scribus-template; sbv=1.2.4.1-6
fetch_only $sb $sbv '/usr/share/scribus/templates/*'
add_each "$work/$sb/usr/share/scribus/templates" scribus-template 1 "debian:$sb=$sbv" "public-domain (templates by Riku Leino)" \
  br2/nature.jpg:0 br2/sunset.jpg:0 menu2/pizza.jpg:0 nl1-bw/kites-bw.png:0
da=dde-account-faces; dav=1.0.12.1-1
fetch_only $da $dav '/var/lib/AccountsService/icons/bigger/*.png'
add_each "$work/$da/var/lib/AccountsService/icons/bigger" dde-account-faces 1 "debian:$da=$dav" "GPL-3.0-or-later" \
  4.png:0 11.png:0 12.png:0 13.png:0 14.png:0
al=allegro5-doc; alv=2:5.2.8.0+dfsg-1
fetch_only $al $alv '/usr/share/doc/allegro5-doc/examples/data/mysha.pcx' '/usr/share/doc/allegro5-doc/examples/data/obp.jpg'
add_each "$work/$al/usr/share/doc/allegro5-doc/examples/data" allegro5-doc 1 "debian:$al=$alv" "Zlib" mysha.pcx:0 obp.jpg:0

# ======== Third batch: more painted and rendered people, from packages not used before ========
# (faces: counted by eye, approximate for renders and small figures)

# --- Widelands (debian:widelands-data): painted campaign character portraits in two styles (the
# near-copies Amalea2/3, Saledus2/3 and boldreth left out), three 3D-rendered clay figures, a painted
# campaign background; photographs: every second landscape loading screen and the Frisian campaign
# backgrounds ---
wl=widelands-data; wlv=2:1.1-3; wlsrc="debian:$wl=$wlv"; wllic="GPL-2+ (package copyright, Files: *)"
wlr=/usr/share/games/widelands/data
fetch_only $wl $wlv "$wlr/campaigns/*/pics/*" "$wlr/templates/default/loadscreens/gameloading/*"
wld="$work/$wl$wlr"
add_each "$wld/campaigns" widelands 0 "$wlsrc" "$wllic" \
  atl01.wmf/pics/{colionder,loftomor,opol,ostur,princess,sidolus}.png:1 atl02.wmf/pics/kalitath.png:1 \
  bar01.wmf/pics/{chieftain,khantrukh}.png:1 emp01.wmf/pics/{Amalea,Lutius,Saledus}.png:1 \
  emp04.wmf/pics/{Julia,Markus}.png:1 fri02.wmf/pics/murilius.png:1 fri03.wmf/pics/angadthur.png:1 \
  fri01.wmf/pics/reebaud.png:0
add "$wld/campaigns/atl01.wmf/pics/background.jpg" widelands-atl01-background 0 0 "$wlsrc" "$wllic"
for c in fri01 fri02 fri03 fri04; do
  add "$wld/campaigns/$c.wmf/pics/background.jpg" "widelands-$c-background" 1 0 "$wlsrc" "$wllic"
done
i=0
for f in $(find "$wld/templates/default/loadscreens/gameloading" -name '*.png' | sort); do
  i=$((i + 1)); [ $((i % 2)) = 1 ] || continue
  add "$f" "widelands-loading-$(basename "$(dirname "$f")")-$(basename "$f" .png)" 1 0 "$wlsrc" "$wllic"
done

# --- UFO: Alien Invasion (debian:ufoai-data): 3D renders of a soldier (the one human face; the others are
# an alien, a helmeted soldier, ships, humanoid aliens), from the 0pics.pk3 zip (licence per file) ---
uf=ufoai-data; ufv=2.5-2; ufsrc="debian:$uf=$ufv"
fetch_only $uf $ufv '/usr/share/games/ufoai/base/0pics.pk3'
ufx="$work/ufoai-extracted"
if [ ! -d "$ufx" ]; then
  /usr/bin/python3 - "$work/$uf/usr/share/games/ufoai/base/0pics.pk3" "$ufx.tmp" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.startswith(("pics/background/", "pics/techs/")) and not n.endswith("/"):
        z.extract(n, sys.argv[2])
EOF
  mv "$ufx.tmp" "$ufx"
fi
add_each "$ufx/pics/background" ufoai 0 "$ufsrc" "GPL-2+" won_bg.jpg:1 lost_bg.png:0 wingame_bg.jpg:0 \
  maploading.png:0 losegame_bg.jpg:0
add_each "$ufx/pics/background" ufoai 0 "$ufsrc" "GPL-2" loading.png:0 conback.jpg:0
add_each "$ufx/pics/techs" ufoai 0 "$ufsrc" "CC-BY-SA-3.0" taman.jpg:0 ortnok_dead.jpg:0 shevaar_dead.jpg:0

# --- Battle for Wesnoth campaigns (debian:wesnoth-1.16-{dm,httt,low,trow,ttb,tsg}): the campaigns'
# own painted story art, larger and in other hands than the core portraits: full-figure character
# paintings (Legend of Wesmere, Delfador's Memoirs) and painted story scenes (Heir to the Throne, The
# Rise of Wesnoth, Two Brothers, The South Guard); logos, maps and game screenshots left out.
# Each is its own package (source); group them with wesnoth-1.16-data to hold the game out as one ---
wcr=/usr/share/games/wesnoth/1.16/data/campaigns; wcv=1:1.16.9-1; wclic="GPL-2+ (package copyright)"
wesnoth_story() {  # wesnoth_story PACKAGE CAMPAIGN_DIR REL:FACES...
  local pkg=$1 dir=$2; shift 2
  fetch_only "$pkg" $wcv "$wcr/$dir/images/story/*"
  add_each "$work/$pkg$wcr/$dir/images/story" "$pkg" 0 "debian:$pkg=$wcv" "$wclic" "$@"
}
wesnoth_story wesnoth-1.16-dm Delfadors_Memoirs portraits/{garard-large,sagus,young_delfador-large}.png:1
wesnoth_story wesnoth-1.16-httt Heir_To_The_Throne httt_story{1,2,3,5,6}.jpg:2 httt_story{4,7,8}.jpg:1 \
  arrival_of_the_heir.png:0
wesnoth_story wesnoth-1.16-low Legend_of_Wesmere \
  characters/{aldar,cleodil,crelanu,galtrid,highlord,kalenz,landar,legmir,lord,olurf,uradredia}.png:1
wesnoth_story wesnoth-1.16-trow The_Rise_Of_Wesnoth trow_intro_0{4,8}.jpg:2 trow_intro_07.jpg:1 trow_intro_09.jpg:3 \
  trow_story_01-A_Summer_of_Storms.jpg:3 trow_story_02-The_Fall.jpg:2 trow_story_04-Fall_of_Eldaric.jpg:2 \
  trow_story_04a-The_Swamp_of_Esten.jpg:3 trow_intro_0{1,5,6}.jpg:0 trow_story_13-Peoples_in_Decline.jpg:0
wesnoth_story wesnoth-1.16-ttb Two_Brothers Two_Brothers_M1P1.png:2 Two_Brothers_M1P2.png:0
wesnoth_story wesnoth-1.16-tsg The_South_Guard summer.jpg:0

# --- Unknown Horizons (debian:unknown-horizons): main-menu backgrounds, reproductions of
# 19th-century marine oil paintings (no faces) ---
uh=unknown-horizons; uhv=2019.1-6
fetch_only $uh $uhv '/usr/share/unknown-horizons/content/gui/images/background/mainmenu/bg_*.png'
add_each "$work/$uh/usr/share/unknown-horizons/content/gui/images/background/mainmenu" unknown-horizons 0 \
  "debian:$uh=$uhv" "CC-BY-SA-3.0 (package copyright, content/*)" bg_{1,2,3,4}.png:0

# --- TeX Live documentation (debian:texlive-latex-extra-doc): a symbolist painting (Simberg, The
# Wounded Angel), a pencil portrait (Jane Eyre edition), Leonardo's Vitruvian Man, an engraving of two
# men; photographs (every third of image-gallery's coast photos, mountains, a library, food) ---
tx2=texlive-latex-extra-doc; tx2v=2022.20230122-4; tx2src="debian:$tx2=$tx2v"
tx2lic="per LaTeX package (LPPL-1.3c unless its README says otherwise)"
fetch_only $tx2 $tx2v "$td/latex/alterqcm/latex/The_Wounded_Angel_-_Hugo_Simberg.jpg" "$td/latex/komacv/examples/jeyre.jpg" \
  "$td/latex/commedit/vitruvian.jpg" "$td/latex/fancyslides/doc/1.jpg" "$td/latex/image-gallery/pic0*.jpg" \
  "$td/latex/beamerdarkthemes/img_5630.jpg" "$td/latex/bearwear/montblanc.jpg" "$td/latex/beamertheme-trigon/library.jpg" \
  "$td/latex/recipebook/images/French_dip.jpg"
tx2d="$work/$tx2$td/latex"
add_each "$tx2d" texlive-latex-extra 0 "$tx2src" "$tx2lic" alterqcm/latex/The_Wounded_Angel_-_Hugo_Simberg.jpg:3 \
  komacv/examples/jeyre.jpg:1 commedit/vitruvian.jpg:1 fancyslides/doc/1.jpg:2
add_each "$tx2d" texlive-latex-extra 1 "$tx2src" "$tx2lic" image-gallery/pic0{03,06,09,12,15,18,21}.jpg:0 \
  beamerdarkthemes/img_5630.jpg:0 bearwear/montblanc.jpg:0 beamertheme-trigon/library.jpg:0 \
  recipebook/images/French_dip.jpg:0

# --- GIMP manual (debian:gimp-help-en): example photographs (guards on parade, a car, a duck), and
# the Taj Mahal photo through two of GIMP's artistic filters whose output no longer looks
# photographic (cubism, photocopy; oilify and canvas results still look like photos: left out) ---
gh=gimp-help-en; ghv=2.10.34-2; ghsrc="debian:$gh=$ghv"; ghlic="GFDL-1.2+ (gimp-help-common copyright)"
ghi=/usr/share/gimp/2.0/help/en/images
fetch_only $gh $ghv "$ghi/filters/examples/taj_orig.jpg" "$ghi/filters/examples/artistic-taj-*" "$ghi/tutorials/quickie-*.jpg"
ghd="$work/$gh$ghi"
add_each "$ghd" gimp-help 1 "$ghsrc" "$ghlic" filters/examples/taj_orig.jpg:0 tutorials/quickie-flip-example-source.jpg:6 \
  tutorials/quickie-jpeg-example.jpg:0 tutorials/quickie-crop-example-source.jpg:0
add_each "$ghd" gimp-help 0 "$ghsrc" "$ghlic" filters/examples/artistic-taj-{cubism,photocopy}.jpg:0

# --- KStars sky cultures (debian:kstars-data): shaded grey drawings of the western constellation
# figures on black, the human ones (faces small, 1 each, 2 for the twins) and three animals ---
ks=kstars-data; ksv=5:3.6.2-2; kssrc="debian:$ks=$ksv"; kslic="GPL-2+ (package copyright, Files: *)"
fetch_only $ks $ksv '/usr/share/kstars/skycultures/western/*.png'
add_each "$work/$ks/usr/share/kstars/skycultures/western" kstars-western 0 "$kssrc" "$kslic" \
  {andromeda,aquarius,auriga,bootes,cassiopeia,cepheus,hercules,indus,ophiuchus,orion,perseus,virgo}.png:1 \
  gemini.png:2 leo.png:0 pegasus.png:0 lepus.png:0

# --- Gramps example family tree (debian:gramps): old photographs of people (an 1897 expedition,
# portraits, two children, a couple, a man in a hat, a selfie) and two 19th-century engravings (a
# portrait in an oval, a crowd at a ship's gangway) ---
gr=gramps; grv=5.1.5-1; grsrc="debian:$gr=$grv"; grlic="GPL-2+ (package copyright, Files: *)"
fetch_only $gr $grv '/usr/share/doc/gramps/example/gramps/*.jpg' '/usr/share/doc/gramps/example/gramps/*.png'
grd="$work/$gr/usr/share/doc/gramps/example/gramps"
add_each "$grd" gramps 1 "$grsrc" "$grlic" 1897_expeditionsmannschaft_rio_a.jpg:5 654px-Aksel_Andersson.jpg:1 \
  AntoineClaudet.png:1 E_W_Dahlgren.jpg:1 Gunnlaugur_Larusson_-_Yawn.jpg:1 O0.jpg:1 O2.jpg:2 O3.jpg:1 O4.jpg:2 O5.jpg:2
add_each "$grd" gramps 0 "$grsrc" "$grlic" Alimehemet.jpg:1 O1.jpg:10

# --- KPhotoAlbum demo album (debian:kphotoalbum): snapshots of people (bars, beach, pool, portraits;
# three stored sideways) and scenes without faces (dogs, rabbits, sea, snow, sunset) ---
kp=kphotoalbum; kpv=5.9.1-1; kpsrc="debian:$kp=$kpv"; kplic="GPL-2+ (package copyright)"
fetch_only $kp $kpv '/usr/share/kphotoalbum/demo/*.jpg'
add_each "$work/$kp/usr/share/kphotoalbum/demo" kphotoalbum 1 "$kpsrc" "$kplic" anne_helene.jpg:1 bar55.jpg:3 \
  bar55_2.jpg:2 cold_water.jpg:3 grand_canyon_1.jpg:2 grand_canyon_2.jpg:1 jesper.jpg:1 jesper_2.jpg:1 \
  new_wave_1.jpg:1 new_wave_2.jpg:1 pool.jpg:2 pool_2.jpg:1 qt-logo.jpg:3 wayne.jpg:2 \
  blackie.jpg:0 donna.jpg:0 donna_2.jpg:0 grand_canyon_3.jpg:0 skagen.jpg:0 skagen_2.jpg:0 snow.jpg:0 \
  spiff.jpg:0 sunset.jpg:0

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

echo "gather-photoreal-data: $(($(wc -l < "$out/labels.csv") - 1)) images in labels.csv," \
  "$(($(wc -l < "$labels") - 1)) in animals.csv, in $out" >&2

# === batch 4 (data4: TeX Live) ===
# More TeX Live packages not used above: medieval manuscript drawings with faces (the Aboensis font's
# manuscript initials), a hand-coloured woodcut (Missaali), a cartoon (ConTeXt); photographs of people
# (University of Antwerp stock photos, a portrait, a hang-glider pilot) and, in moderation, without faces.
labels="$out/labels.csv"  # the animal section above switched it to animals.csv

# --- debian:texlive-fonts-extra-doc: Aboensis (15th-c. Finnish manuscript, the initials with drawn
# heads and figures; scans CC-BY-4.0 or public domain per its README) and Missaali (a hand-coloured
# woodcut of saints, from a 1488 missal) ---
tf=texlive-fonts-extra-doc; tfv=2022.20230122-4; tfsrc="debian:$tf=$tfv"; tfd="$td/fonts"
fetch_only $tf $tfv "$tfd/aboensis/doc/pics/aboensis-*" "$tfd/missaali/missale-preface.png"
add_each "$work/$tf$tfd/aboensis/doc/pics" texlive-fonts-extra-aboensis 0 "$tfsrc" \
  "SIL OFL font / LPPL-1.3c doc; manuscript images CC-BY-4.0 or public domain (aboensis README)" \
  aboensis-37v.jpg:1 aboensis-38v.jpg:2 aboensis-39r.jpg:2 aboensis-39v.jpg:2 aboensis-78v.png:2 \
  aboensis-18v.png:2 aboensis-27v.jpg:1 aboensis-30v.jpg:1
add_each "$work/$tf$tfd/missaali" texlive-fonts-extra-missaali 0 "$tfsrc" "LPPL-1.3c (missaali doc)" missale-preface.png:6

# --- debian:context: the manuals' cartoon of TeX hackers, a drawing of the LuaTeX lions (faces not
# human), a solar photograph (NASA) and three B&W town photographs (Hasselt) ---
cx=context; cxv=2021.03.05.20230120+dfsg-1+deb12u1; cxsrc="debian:$cx=$cxv"; cxlic="GPL (package copyright)"
cxd=/usr/share/texmf/doc/context/sources/general/manuals
fetch_only $cx $cxv "$cxd/metafun/hacker.png" "$cxd/hybrid/luatex-co-acceptablelowres.jpg" \
  "$cxd/nodes/nodes-sun-pia-03149.jpg" "$cxd/start/graphics/ma-cb-*.png"
add_each "$work/$cx$cxd" context 0 "$cxsrc" "$cxlic" metafun/hacker.png:4 hybrid/luatex-co-acceptablelowres.jpg:0
add_each "$work/$cx$cxd" context 1 "$cxsrc" "$cxlic" nodes/nodes-sun-pia-03149.jpg:0 \
  start/graphics/ma-cb-{01,13,21}.png:0

# --- debian:texlive-publishers: uantwerpendocs' stock photographs (students, labs, a field trip; an
# anatomical model and a building without faces), two sduthesis campus photos ---
tu=texlive-publishers; tuv=2022.20230122-4; tusrc="debian:$tu=$tuv"; tud=/usr/share/texlive/texmf-dist/tex/latex
fetch_only $tu $tuv "$tud/uantwerpendocs/Images/uantwerpen-*.jpg" "$tud/sduthesis/figures/sduthesis-*.jpg"
add_each "$work/$tu$tud/uantwerpendocs/Images" texlive-publishers-uantwerpen 1 "$tusrc" "LPPL-1.3 (uantwerpendocs)" \
  uantwerpen-02.jpg:7 uantwerpen-03.jpg:1 uantwerpen-04.jpg:3 uantwerpen-05.jpg:2 uantwerpen-06.jpg:2 \
  uantwerpen-07.jpg:2 uantwerpen-09.jpg:4 uantwerpen-10.jpg:7 uantwerpen-11.jpg:1 uantwerpen-01.jpg:0 uantwerpen-08.jpg:0
add_each "$work/$tu$tud/sduthesis/figures" texlive-publishers-sduthesis 1 "$tusrc" "LPPL-1.3 (sduthesis)" \
  sduthesis-baotuquan.jpg:0 sduthesis-hongloujiaotang.jpg:0

# --- Single photographs from other TeX Live packages: a portrait (dvipdfm), a hang-glider pilot
# (featpost), lakes (samplepdftex), a seagull, a cemetery, a ring, a nebula, a city, old books;
# a 3D render of spheres (present) ---
tb=texlive-base; tbv=2022.20230122-3; tbsrc="debian:$tb=$tbv"
fetch_only $tb $tbv "$td/dvipdfm/mwicks.jpeg" "$td/pdftex/samplepdftex/pic.jpg"
add_each "$work/$tb$td" texlive-base 1 "$tbsrc" "GPL (dvipdfm)" dvipdfm/mwicks.jpeg:1
add_each "$work/$tb$td" texlive-base 1 "$tbsrc" "GPL (pdftex samplepdftex)" pdftex/samplepdftex/pic.jpg:0
tm=texlive-metapost-doc; tmv=2022.20230122-3
fetch_only $tm $tmv "$td/metapost/featpost/doc/metapostpropagandafiles/pifpafphoto.jpg"
add_each "$work/$tm$td" texlive-metapost-doc 1 "debian:$tm=$tmv" "GPL (featpost README)" \
  metapost/featpost/doc/metapostpropagandafiles/pifpafphoto.jpg:1
ta=texlive-lang-arabic; tav=2022.20230122-1
fetch_only $ta $tav "$td/xelatex/xepersian/img/ireland.jpg" "$td/xelatex/bidi/gull.jpg"
add_each "$work/$ta$td" texlive-lang-arabic 1 "debian:$ta=$tav" "LPPL (xepersian and bidi READMEs)" \
  xelatex/xepersian/img/ireland.jpg:0 xelatex/bidi/gull.jpg:0
tt=texlive-luatex; ttv=2022.20230122-3
fetch_only $tt $ttv /usr/share/texlive/texmf-dist/tex/optex/demo/op-ring.png
add_each "$work/$tt/usr/share/texlive/texmf-dist/tex/optex/demo" texlive-luatex 1 "debian:$tt=$ttv" \
  "public domain (optex README)" op-ring.png:0
tg2=texlive-plain-generic; tg2v=2022.20230122-4
fetch_only $tg2 $tg2v "$td/generic/lecturer/universe.jpg" "$td/plain/present/background.png"
add_each "$work/$tg2$td" texlive-plain-generic 1 "debian:$tg2=$tg2v" "LPPL (lecturer README)" generic/lecturer/universe.jpg:0
add_each "$work/$tg2$td" texlive-plain-generic 0 "debian:$tg2=$tg2v" "LPPL (present README)" plain/present/background.png:0
ts2=texlive-science-doc; ts2v=2022.20230122-4
fetch_only $ts2 $ts2v "$td/latex/fascicules/guide/ch4_mon_chapitre/img/chapitre.jpg" \
  "$td/latex/fascicules/guide/content/img/vieuxlivres.jpg"
add_each "$work/$ts2$td/latex/fascicules/guide" texlive-science-doc 1 "debian:$ts2=$ts2v" "LPPL (fascicules README)" \
  ch4_mon_chapitre/img/chapitre.jpg:0 content/img/vieuxlivres.jpg:0

# --- Further files of two TeX Live packages used above (none of the files above): two symbolist
# paintings (Moreau, Schwabe's Death of the Gravedigger; alterqcm), a cartoon avatar (readablecv), a
# botanical drawing (willowtreebook), an engraving of a basilica (tcolorbox); photographs: a small
# portrait (inline-images), Knuth (thesis-qom). Unpacked under $work/batch4 so that the selections
# above keep their own cache ---
tx4=texlive-latex-extra-doc; tx4v=2022.20230122-4; tx4src="debian:$tx4=$tx4v"; tx4d="$work/batch4/$tx4$td/latex"
(work="$work/batch4"; fetch_only $tx4 $tx4v "$td/latex/alterqcm/latex/180px-Gustave_Moreau_007.jpg" \
  "$td/latex/alterqcm/latex/240px-Mort_du_fossoyeur.jpg" "$td/latex/readablecv/profilepic.jpg" \
  "$td/latex/willowtreebook/willow.jpg" "$td/latex/tcolorbox/Basilica_5.png" "$td/latex/inline-images/screenshots/example.jpg")
add_each "$tx4d" texlive-latex-extra 0 "$tx4src" "LPPL-1.3 (alterqcm); paintings public domain" \
  alterqcm/latex/180px-Gustave_Moreau_007.jpg:2 alterqcm/latex/240px-Mort_du_fossoyeur.jpg:2
add_each "$tx4d" texlive-latex-extra 0 "$tx4src" "LPPL-1.3 (readablecv)" readablecv/profilepic.jpg:1
add_each "$tx4d" texlive-latex-extra 0 "$tx4src" "LPPL-1.3c (willowtreebook)" willowtreebook/willow.jpg:0
add_each "$tx4d" texlive-latex-extra 0 "$tx4src" "LPPL-1.3 (tcolorbox)" tcolorbox/Basilica_5.png:0
add_each "$tx4d" texlive-latex-extra 1 "$tx4src" "LGPL-3 (inline-images)" inline-images/screenshots/example.jpg:1
tp4=texlive-publishers-doc; tp4v=2022.20230122-4
(work="$work/batch4"; fetch_only $tp4 $tp4v "$td/xelatex/thesis-qom/knuth.jpg")
add_each "$work/batch4/$tp4$td/xelatex/thesis-qom" $tp4 1 "debian:$tp4=$tp4v" "LPPL (thesis-qom)" knuth.jpg:1

echo "gather-photoreal-data (batch 4): $(($(wc -l < "$labels") - 1)) images in labels.csv" >&2
