# Fifth batch, renders: 3D-rendered and digitally painted people from game and graphics packages,
# a few renders without people, and photographs met in those packages.
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and $work). Helpers and variables
# of this part start with r5 so that they do not clash with the other fifth-batch part.
# Faces are counted by eye (approximate for small full-figure renders and helmeted figures).

r5_unzip() {  # r5_unzip ZIP DEST GLOB... -> the zip's members matching a glob (* stays in one folder), once
  local zip=$1 dest=$2; shift 2
  [ -d "$dest" ] && return 0
  /usr/bin/python3 - "$zip" "$dest.tmp" "$@" <<'EOF'
import fnmatch, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if any(fnmatch.fnmatch(n, g) and n.count("/") == g.count("/") for g in sys.argv[3:]):
        z.extract(n, sys.argv[2])
EOF
  mv "$dest.tmp" "$dest"
}

r5_png() {  # r5_png SRC DEST [CONVERT_OPTION...] -> SRC as PNG (bottom-up TGAs turned upright), once
  local src=$1 dest=$2; shift 2
  [ -f "$dest" ] && return 0
  mkdir -p "$(dirname "$dest")"
  convert "$src" -auto-orient "$@" "$dest.tmp.png"
  mv "$dest.tmp.png" "$dest"
}

# --- Nexuiz (debian:nexuiz-data): the player models' menu previews, 3D renders of full figures with
# guns (2005-2009 game-engine style; a bottom-up TGA each, turned upright here): eight humans with
# visible faces, four monsters, robots and a skull-faced one; three level shots without people (no
# title text on them). Unzipped from data.pk3 ---
r5nx=nexuiz-data; r5nxv=2.5.2-12; r5nxsrc="debian:$r5nx=$r5nxv"; r5nxlic="GPL-2+ (package copyright)"
fetch_only $r5nx $r5nxv /usr/share/games/nexuiz/data/data.pk3
r5nxx="$work/r5-nexuiz-extracted"
r5_unzip "$work/$r5nx/usr/share/games/nexuiz/data/data.pk3" "$r5nxx" 'models/player/*.tga' 'maps/*.jpg'
for r5m in fricka:1 heroine:1 insurrectionist:1 marine:1 pyria:1 shock:1 skadi:1 specop:1 \
  carni:0 lurk:0 mulder:0 xolar:0; do
  r5_png "$r5nxx/models/player/${r5m%:*}.tga" "$r5nxx/png/${r5m%:*}.png"
done
add_each "$r5nxx/png" nexuiz-player 0 "$r5nxsrc" "$r5nxlic" fricka.png:1 heroine.png:1 insurrectionist.png:1 \
  marine.png:1 pyria.png:1 shock.png:1 skadi.png:1 specop.png:1 carni.png:0 lurk.png:0 mulder.png:0 xolar.png:0
add_each "$r5nxx/maps" nexuiz-map 0 "$r5nxsrc" "$r5nxlic" aneurysm.jpg:0 dieselpower.jpg:0 ruiner.jpg:0

# --- Sweet Home 3D furniture (debian:sweethome3d-furniture), Reallusion's library: catalogue icons of
# realistic 3D people (men, women, children standing, sitting, lying; 128 px, faces small), on grey.
# Unzipped from Reallusion.sh3f; the UV-unwrapped skin and face textures are left out ---
r5sh=sweethome3d-furniture; r5shv=1.8-1
fetch_only $r5sh $r5shv /usr/share/sweethome3d/furniture/Reallusion.sh3f
r5shx="$work/r5-reallusion-extracted"
r5_unzip "$work/$r5sh/usr/share/sweethome3d/furniture/Reallusion.sh3f" "$r5shx" 'reallusion/*.png'
add_each "$r5shx/reallusion" sweethome3d-reallusion 0 "debian:$r5sh=$r5shv" \
  "CC-BY-3.0-US (package copyright, Files: Reallusion/*)" \
  boyLying.png:1 boyStanding.png:1 female01.png:1 female03.png:1 girlSittingGround.png:1 holdingFemale01.png:1 \
  holdingFemale03.png:1 holdingMale01.png:1 lyingDownFemale01.png:1 male01.png:1 male03.png:1 sitFemale01.png:1 \
  sitFemale03.png:1 sitMale03.png:1

# --- GearHead 2 (debian:gearhead2-data): the loading-screen posters by several fan artists
# (anime-style digital paintings: three girls, one with a mecha and one with a wolf; a mecha on the
# moon; 3D renders of a city and a landscape); the comic-strip and lettered posters left out. Four
# character portraits as shipped (cel-shaded line drawings in the game's key colours, recoloured
# at run time: yellow skin, green hair, red clothes on blue) ---
r5gh=gearhead2-data; r5ghv=0.701-2; r5ghr=/usr/share/games/gearhead2/image
fetch_only $r5gh $r5ghv "$r5ghr/poster_*.jpg" "$r5ghr/por_*.png"
r5ghsrc="debian:$r5gh=$r5ghv"; r5ghlic="LGPL-2.1+ (package copyright)"
add_each "$work/$r5gh$r5ghr" gearhead2 0 "$r5ghsrc" "$r5ghlic" poster_hangon_by_nervousspy.jpg:1 \
  poster_hyolee_by_ladene_kosaka.jpg:1 poster_vikki_by_arkaina.jpg:1 poster_lunaii_by_kornel_kisielwicz.jpg:0 \
  poster_citybattle_by_sharklu2.jpg:0 poster_outdoorscene_by_sharklu2.jpg:0
for r5p in 'hyoleenewver(YC-)' 'aizek(-UY)' 'gordonvaleus(OAY)' 'philbuffguy2_(OP-)'; do
  r5f=$(ls "$work/$r5gh$r5ghr"/por_?_"$r5p".png)
  add "$r5f" "gearhead2-portrait-${r5p%%(*}" 0 1 "$r5ghsrc" "$r5ghlic"
done

# --- FreeDink (debian:freedink-data), Dink Smallwood (1997; art made with 3ds max and Poser): a
# pre-rendered head seen from behind (faces 0), the rendered loading screen (a lake, with the word
# Loading), a frame of Dink's pre-rendered walk (face tiny; on white) ---
r5fd=freedink-data; r5fdv=1.08.20190120-2; r5fdr=/usr/share/games/dink/dink
fetch_only $r5fd $r5fdv "$r5fdr/Tiles/S03.bmp" "$r5fdr/Tiles/Splash.bmp" "$r5fdr/graphics/Dink/morph/dinkm-01.bmp"
add_each "$work/$r5fd$r5fdr" freedink 0 "debian:$r5fd=$r5fdv" "Zlib-style (package copyright)" \
  Tiles/S03.bmp:0 Tiles/Splash.bmp:0 graphics/Dink/morph/dinkm-01.bmp:1

# --- TORCS (debian:torcs-data): two painted retro adverts (a pin-up with a cola; three diners) and
# three photographs used as track scenery (a green valley, a barn, desert mountains); three of the
# greyscale rendered race scenes of the menus (no people) ---
r5tc=torcs-data; r5tcv=1.3.7+dfsg-5; r5tcr=/usr/share/games/torcs
fetch_only $r5tc $r5tcv "$r5tcr/data/img/splash-*.png" "$r5tcr/tracks/dirt/dirt-2/*.png" "$r5tcr/tracks/dirt/dirt-3/*.png"
r5tcsrc="debian:$r5tc=$r5tcv"
add_each "$work/$r5tc$r5tcr/tracks/dirt/dirt-3" torcs-dirt-3 0 "$r5tcsrc" \
  "Free-Art-License (package copyright, Files: data/tracks/dirt/dirt-3/*)" advert-cola.png:1 advert-joes.png:3
add "$work/$r5tc$r5tcr/tracks/dirt/dirt-3/background.png" torcs-dirt-3-background 1 0 "$r5tcsrc" \
  "Free-Art-License (package copyright, Files: data/tracks/dirt/dirt-3/*)"
add_each "$work/$r5tc$r5tcr/tracks/dirt/dirt-2" torcs-dirt-2 1 "$r5tcsrc" "GPL-2+ (package copyright, Files: *)" \
  background.png:0 house12.png:0
add_each "$work/$r5tc$r5tcr/data/img" torcs 0 "$r5tcsrc" "GPL-2+ (package copyright, Files: *)" \
  splash-dtm.png:0 splash-qrdrv.png:0 splash-raceopt.png:0

# --- Blender (debian:blender-data): the viewport's world lights, equirectangular HDR photographs
# (a city, a courtyard, a forest, a hotel room, sunrise over a field, a sunset waterfront; no
# people), tone-mapped from OpenEXR (levels stretched, gamma 1/2.2) ---
r5bl=blender-data; r5blv=3.4.1+dfsg-2; r5blr=/usr/share/blender/datafiles/studiolights/world
fetch_only $r5bl $r5blv "$r5blr/*.exr"
for r5w in city courtyard forest interior sunrise sunset; do
  r5_png "$work/$r5bl$r5blr/$r5w.exr" "$work/r5-blender-png/$r5w.png" -auto-level -evaluate pow 0.45
done
add_each "$work/r5-blender-png" blender-world 1 "debian:$r5bl=$r5blv" "GPL-2+ (package copyright, Files: *)" \
  city.png:0 courtyard.png:0 forest.png:0 interior.png:0 sunrise.png:0 sunset.png:0

# --- Renders without people: POV-Ray's sample scenes (debian:povray-examples, 160x120 previews:
# interiors, glass, chess, cacti, landscapes, the Cornell box), Sauerbraten/BananaBread map shots
# (debian:cube2-data), Search and Rescue's loading screen (debian:searchandrescue-data, a
# helicopter; bottom-up TGA), Mandelbulber's 3D fractal thumbnails (debian:mandelbulber2-data) ---
r5pv=povray-examples; r5pvv=1:3.7.0.10-2; r5pvr=/usr/share/doc/povray/examples/previews
fetch_only $r5pv $r5pvv "$r5pvr/advanced/*.jpg" "$r5pvr/rad_sub/*.jpg"
add_each "$work/$r5pv$r5pvr" povray 0 "debian:$r5pv=$r5pvv" \
  "AGPL-3.0+ / CC-BY-3.0 (package copyright, Files: * and distribution/scenes/*)" \
  advanced/balcony.jpg:0 advanced/biscuit.jpg:0 advanced/desk4.jpg:0 advanced/drums.jpg:0 advanced/glasschess.jpg:0 \
  advanced/isocacti.jpg:0 advanced/landscape.jpg:0 advanced/wineglass.jpg:0 rad_sub/cornell.jpg:0 \
  rad_sub/patio-radio_36.jpg:0
r5cb=cube2-data; r5cbv=1.3-1; r5cbr=/usr/share/games/cube2/packages/base
fetch_only $r5cb $r5cbv "$r5cbr/*.jpg"
add_each "$work/$r5cb$r5cbr" cube2 0 "debian:$r5cb=$r5cbv" "CC-BY-3.0 (package copyright, Files: *)" \
  colos.jpg:0 md.jpg:0 two_towers.jpg:0
r5sr=searchandrescue-data; r5srv=1.3.0-1.1; r5srr=/usr/share/games/searchandrescue/images
fetch_only $r5sr $r5srv "$r5srr/menu_progress.tga"
r5_png "$work/$r5sr$r5srr/menu_progress.tga" "$work/r5-searchandrescue-png/menu_progress.png"
add "$work/r5-searchandrescue-png/menu_progress.png" searchandrescue-menu_progress 0 0 "debian:$r5sr=$r5srv" \
  "GPL (package copyright)"
r5mb=mandelbulber2-data; r5mbv=2.20-2; r5mbr=/usr/share/mandelbulber2/formula/img
fetch_only $r5mb $r5mbv "$r5mbr/*.png"
add_each "$work/$r5mb$r5mbr" mandelbulber2 0 "debian:$r5mb=$r5mbv" "GPL-3+ (package copyright, Files: *)" \
  benesi_pwr2_mandelbulb.png:0 box_fold_bulb_pow2_v2.png:0 difs_cylinder.png:0
