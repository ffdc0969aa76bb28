# Second batch: sources the dev corpus does not use (games, sky cultures, TeX Live, vision docs, photos).
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

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
