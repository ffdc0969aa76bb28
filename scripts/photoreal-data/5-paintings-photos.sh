# Fifth batch (paintings and photos): engraved and painted court cards of historical card patterns,
# GCompris' painted portrait of Louis Braille, and photographs without faces for balance.
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).
# Needs rsvg-convert (Debian package librsvg2-bin): ImageMagick draws these card SVGs wrong.

command -v rsvg-convert >/dev/null || {
  echo "5-paintings-photos.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }

# --- GNOME card themes (debian:gnome-cards-data): court cards of historical patterns, each deck
# another hand: painted 19th-century decks (Dondorf, Lattmann, Rheinland, Berlin, Orell, Slavic
# costumes), engraved-looking ones (Ancient French, Bellot, Atlas, Tarocco, Tigullio), woodcut-like
# flat colour (Swiss 17th century, Guyenne). Each deck is one SVG sheet of 13 columns (A..K) by 5
# rows (4 suits, jokers); the jack, queen and king are columns 10-12. Double-headed cards have two
# faces ---
cd_pkg=gnome-cards-data; cd_ver=1:3.22.23-1; cd_dir=/usr/share/aisleriot/cards
cd_src="debian:$cd_pkg=$cd_ver"; cd_lic="GPL-3+ (package copyright, Files: *)"
court_cards() {  # court_cards DECK COLUMN,ROW:FACES... -> one card each from the deck's sheet
  local deck=$1; shift
  local sheet="$work/$cd_pkg-sheets/$deck.png" item cell faces col row w h card
  mkdir -p "$work/$cd_pkg-sheets"
  [ -f "$sheet" ] || rsvg-convert -w 3900 "$work/$cd_pkg$cd_dir/$deck.svgz" -o "$sheet"
  w=$(($(identify -format %w "$sheet") / 13)); h=$(($(identify -format %h "$sheet") / 5))
  for item in "$@"; do
    cell=${item%:*}; faces=${item##*:}; col=${cell%,*}; row=${cell#*,}
    card="$work/$cd_pkg-sheets/$deck-c$col-r$row.png"
    [ -f "$card" ] || convert "$sheet" -crop "${w}x$h+$((col * w))+$((row * h))" +repage "$card"
    add "$card" "gnome-cards-$deck-c$col-r$row" 0 "$faces" "$cd_src" "$cd_lic"
  done
}
cd_decks=(ancient_french atlasnye bellot berlin dondorf guyenne-classic lattmann orell rheinland
  slavic_costumes swiss-xvii tarocco tigullio)
cd_files=(); for d in "${cd_decks[@]}"; do cd_files+=("$cd_dir/$d.svgz"); done
fetch_only $cd_pkg $cd_ver "${cd_files[@]}"
court_cards ancient_french 10,1:2 12,2:2
court_cards atlasnye 11,0:2 12,3:2
court_cards bellot 12,1:2
court_cards berlin 10,0:2 11,2:2
court_cards dondorf 11,1:2 12,3:2
court_cards guyenne-classic 10,0:1 11,2:1
court_cards lattmann 11,0:2 12,2:2
court_cards orell 10,0:2 11,1:2 12,2:2
court_cards rheinland 10,3:2 11,1:2
court_cards slavic_costumes 10,0:2 12,3:2
court_cards swiss-xvii 10,0:1 12,3:1
court_cards tarocco 11,1:2 12,3:2
court_cards tigullio 12,2:2

# --- KDE card decks (debian:kdegames-card-data-kf5): the Ancient Egyptians deck's court cards,
# shaded vector drawings of sculptures (the jack; Nefertiti's bust as queen, Tutankhamun's mask as
# king); every suit has the same picture, so one of each. Cards sit on a transparent sheet: the
# crops are the card boxes of a 3600 px wide render ---
kd=kdegames-card-data-kf5; kdv=4:22.12.3-1; kdr=/usr/share/carddecks/svg-ancient-egyptians
fetch_only $kd $kdv "$kdr/Ancient_Egyptians.svgz"
kd_sheet="$work/$kd-egyptians.png"
[ -f "$kd_sheet" ] || rsvg-convert -w 3600 "$work/$kd$kdr/Ancient_Egyptians.svgz" -o "$kd_sheet"
for card in jack:2724 queen:3033 king:3328; do
  [ -f "$work/$kd-egyptians-${card%:*}.png" ] ||
    convert "$kd_sheet" -crop "262x352+${card#*:}+12" +repage "$work/$kd-egyptians-${card%:*}.png"
  add "$work/$kd-egyptians-${card%:*}.png" "kde-cards-egyptians-${card%:*}" 0 1 "debian:$kd=$kdv" "GPL-2+ (package copyright, Files: *)"
done

# --- GCompris' Louis Braille story (gcompris-qt-data, louis-braille.rcc; the package of part 1):
# the painted portrait of Louis Braille; photographs without faces: hands on Braille (B&W and
# colour), a tool workshop, the RNIB building. Left out: the wax figure at a fireplace (neither
# photo of a person nor painting), the statue, the Braille chart and printing drawings ---
lb="$work/gcompris-extracted5/louis-braille"
[ -d "$lb" ] || /usr/bin/python3 "$root/scripts/extract_qt_rcc.py" "$rcc/louis-braille.rcc" "$lb" --ext webp
lbr="$lb/gcompris/src/activities/louis-braille/resource"
lblic="GPL-3 (louis-braille resource README); braille.webp from a Wikimedia Commons photo"
add_each "$lbr" gcompris-braille 0 "$gcsrc" "$lblic" louis.webp:1
add_each "$lbr" gcompris-braille 1 "$gcsrc" "$lblic" braille.webp:0 teach.webp:0 workshop.webp:0 rnib.webp:0

# --- Tux Typing (debian:tuxtype-data): public-domain NOAA / FWS nature photographs (every second
# landscape) and a man holding a seal pup (his face hidden) ---
tt=tuxtype-data; ttv=1.8.3-5.1; ttr=/usr/share/tuxtype/images
fetch_only $tt $ttv "$ttr/kcas*.jpg" "$ttr/hidden.jpg"
add_each "$work/$tt$ttr" tuxtype 1 "debian:$tt=$ttv" "public domain (NOAA / FWS photographs, package copyright)" \
  kcas{0,2,4,6,8,10}.jpg:0 hidden.jpg:0

# --- SDDM's Maldives login theme (debian:sddm-theme-maldives): a photograph of a jetty ---
sm=sddm-theme-maldives; smv=0.19.0-5; smr=/usr/share/sddm/themes/maldives
fetch_only $sm $smv "$smr/background.jpg"
add_each "$work/$sm$smr" sddm-maldives 1 "debian:$sm=$smv" "CC-BY-3.0 (Nevit Dilmen; package copyright)" background.jpg:0

# --- GEGL's operation reference (debian:libgegl-doc): its sample photograph (a surfer on a wave, the
# person a few pixels tall, over a checkerboard strip) through a colour-space cast (unchanged to the
# eye), and through the mosaic filter (stylised tiles: not a photograph); 200 px. The other ~200
# examples are the same photograph through other filters: near-copies, left out ---
gg=libgegl-doc; ggv=1:0.4.42-2+deb12u2; ggr=/usr/share/doc/libgegl-dev/operations/images
fetch_only $gg $ggv "$ggr/gegl-cast-space.png" "$ggr/gegl-mosaic.png"
add_each "$work/$gg$ggr" gegl-doc 1 "debian:$gg=$ggv" "LGPL-3+ (package copyright, Files: *)" gegl-cast-space.png:1
add_each "$work/$gg$ggr" gegl-doc 0 "debian:$gg=$ggv" "LGPL-3+ (package copyright, Files: *)" gegl-mosaic.png:0

# SciPy's `ascent` test image is not gathered: PyWavelets' copy of it is (2-diverse.sh).

# --- Ubuntu Touch 16.04 wallpapers (debian:lomiri-wallpapers-16.04; not the lomiri-wallpapers
# package surveyed before): photographs (a fig, paint brushes, a room with a wine bottle, a forest
# stream, dandelions, a sunset, two dogs at a door); the clock picture (render or photo?) left out ---
lw=lomiri-wallpapers-16.04; lwv=20.04.0-2; lwr=/usr/share/backgrounds
lw_files=(Picture_0B_by_freespace.jpg Picture_1A_by_freespace.jpg Wine_by_Jakkub_Mede.jpg life_by_Aitzol_Berasategi.jpg
  seeding_by_Clements_Engelhardt.jpg sunset_by_Aitzol_Berasategi.jpg friends_by_Aitzol_Berasategi.jpg)
fetch_only $lw $lwv "${lw_files[@]/#/$lwr/}"
lwlic="CC-BY-4.0 / CC-BY-SA-4.0 per file (package copyright)"
add_each "$work/$lw$lwr" lomiri-1604 1 "debian:$lw=$lwv" "$lwlic" \
  Picture_0B_by_freespace.jpg:0 Picture_1A_by_freespace.jpg:0 Wine_by_Jakkub_Mede.jpg:0 life_by_Aitzol_Berasategi.jpg:0 \
  seeding_by_Clements_Engelhardt.jpg:0 sunset_by_Aitzol_Berasategi.jpg:0 friends_by_Aitzol_Berasategi.jpg:0

# --- GNOME 43 backgrounds (debian:gnome-backgrounds): three 3D-rendered abstract wallpapers (glass
# cubes, a truchet relief, tiles); the flat vector ones and the near-empty ones left out ---
gb=gnome-backgrounds; gbv=43.1-1; gbr=/usr/share/backgrounds/gnome
fetch_only $gb $gbv "$gbr/adwaita-l.webp" "$gbr/truchet-l.webp" "$gbr/licorice-l.webp"
add_each "$work/$gb$gbr" gnome-backgrounds 0 "debian:$gb=$gbv" "CC-BY-SA-3.0 (package copyright; the 43.x images are not listed one by one)" \
  adwaita-l.webp:0 truchet-l.webp:0 licorice-l.webp:0
