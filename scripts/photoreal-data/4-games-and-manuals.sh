# Fourth batch: ten more Wesnoth campaigns, FreeOrion, Ardentryst, manuals and splash art, renders, photos.
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

# Painted and rendered people from packages not used before, more Wesnoth campaigns, and a few
# photographs and drawings without faces (faces: counted by eye, approximate for small figures).

# --- Battle for Wesnoth, the ten campaigns not used above (debian:wesnoth-1.16-{did,dw,ei,l,nr,sof,
# sotbe,sota,thot,utbs}): the campaigns' own character portraits (several hands, some not in the
# core style: Northern Rebirth's, Under the Burning Suns' newer ones) and their painted story art
# (Descent into Darkness, Liberty: sketchy scenes, sunsets; Secrets of the Ancients: a book);
# near-copies (the same figure with another weapon, mood or helmet) left out; liches, skeletons,
# trolls, saurians, a wyrm and fully masked figures are faces 0. Group with wesnoth-1.16-data ---
wesnoth_art() {  # wesnoth_art PACKAGE CAMPAIGN_DIR REL:FACES... (REL under images/)
  local pkg=$1 dir=$2; shift 2
  local item rel glob globs=()  # unpack only the folders named (tar fails on a glob that matches nothing)
  for item in "$@"; do
    rel=${item%:*}; glob="$wcr/$dir/images/$rel"
    case "$rel" in */*) glob="$wcr/$dir/images/${rel%%/*}/*" ;; esac
    case " ${globs[*]-} " in *" $glob "*) ;; *) globs+=("$glob") ;; esac
  done
  fetch_only "$pkg" $wcv "${globs[@]}"
  add_each "$work/$pkg$wcr/$dir/images" "$pkg" 0 "debian:$pkg=$wcv" "$wclic" "$@"
}
wesnoth_art wesnoth-1.16-did Descent_Into_Darkness campaign_image.png:1 \
  portraits/{darken_volk,dela,drogan,karae,malin_old}.png:1 portraits/malin_lich.png:0 \
  story/{book,end,parthyn,travel}.jpg:0
wesnoth_art wesnoth-1.16-dw Dead_Water portraits/{brawler,caladon,cylanna,gwabbo,kai_krellis}.png:1
wesnoth_art wesnoth-1.16-ei Eastern_Invasion portraits/{dacyn,disguise,gweddry,konrad_II,owaec}.png:1 \
  portraits/mal-ravanal.png:0
wesnoth_art wesnoth-1.16-l Liberty portraits/{baldras,dommel,harper,helicrom,maddock,relana}.png:1 \
  story/{Halstead,frontier,island}.jpg:0
wesnoth_art wesnoth-1.16-nr Northern_Rebirth \
  portraits/{Camerin,Elenia,Eryssa,Hamel,Hidel,Rakshas,Sisal,Sister_Thera,Stalrag,Tallin}.png:1 portraits/Malifor.png:0
wesnoth_art wesnoth-1.16-sof Sceptre_of_Fire \
  portraits/{alanin-epilogue,alanin,baglur,durstorn,elvish_marshal,haldric-ii-old,haldric-ii,rugnur,thursagan}.png:1 \
  portraits/monsters/wyrm.png:0
wesnoth_art wesnoth-1.16-sotbe Son_Of_The_Black_Eye \
  portraits/{albrock,flartar,howgarth,jetto,kapoue,lanbech,old_orcish_shaman,shan_taum}.png:1 portraits/{gruu,inarix}.png:0
wesnoth_art wesnoth-1.16-sota Secrets_of_the_Ancients \
  portraits/{ardonna,bone-captain1,crelanu,orcish-shaman,shynal-outlaw,zombie-farmer}.png:1 \
  portraits/ardonna-lich.png:0 story/book.png:0
wesnoth_art wesnoth-1.16-thot The_Hammer_of_Thursagan \
  portraits/{aiglondur,angarthing,dulcatulos,elurin,hamel,karrag,pelias,perrin,ratheln}.png:1 portraits/maskeddwarf.png:0
wesnoth_art wesnoth-1.16-utbs Under_the_Burning_Suns \
  portraits/{cloaked,commander,eloh,elyssa,garak,kaleh,melusand,nym,uncloaked,zhul}.png:1 portraits/monsters/flesh_golem.png:1 \
  portraits/quenoth/{druid,fighter,mystic,ranger,shaman,sun_singer,tauroch_rider,warrior}.png:1

# --- FreeOrion (debian:freeorion-data): the species paintings (cartoonish aliens and creatures in
# painted scenes; no human faces) and the rendered splash (a planet) ---
fo=freeorion-data; fov=0.4.10.2-1; forr=/usr/share/games/freeorion/default/data/art
fetch_only $fo $fov "$forr/species/*.png" "$forr/splash.png"
add_each "$work/$fo$forr" freeorion 0 "debian:$fo=$fov" "CC-BY-SA-3.0 (package copyright, Files: *.png)" \
  species/{abaddoni,banforo,chato,eaxaw,gysache,happybirthdays,hhhoh,laenfa,phinnert,scylior,trenchers,trith,ugmors}.png:0 \
  splash.png:0

# --- Ardentryst (debian:ardentryst): the two hand-drawn, shaded hero portraits (anime-like) and two
# painted level backgrounds ---
ar=ardentryst; arv=1.71-9; arr=/usr/share/games/ardentryst/Data
fetch_only $ar $arv "$arr/Portrait_*.png" "$arr/Background_*_Backing.png"
add_each "$work/$ar$arr" ardentryst 0 "debian:$ar=$arv" "CC-BY-SA-3.0 (package copyright, Data/*)" \
  Portrait_Nyx.png:1 Portrait_Pyralis.png:1 Background_Snow_Backing.png:0 Background_Forest_Backing.png:0

# --- ImageMagick documentation (debian:imagemagick-6-doc): the wizard drawing (a wizard painting a
# Mona Lisa-like portrait), the cartoon wizard logo; a photograph of bluebells ---
im=imagemagick-6-doc; imv=8:6.9.11.60+dfsg-1.6+deb12u16; imr=/usr/share/doc/imagemagick-6-common/html/images
fetch_only $im $imv "$imr/wizard.jpg" "$imr/logo.jpg" "$imr/bluebells_clipped.jpg"
add_each "$work/$im$imr" imagemagick-doc 0 "debian:$im=$imv" "ImageMagick licence (imagemagick-6-common copyright, Files: *)" wizard.jpg:2 logo.jpg:1
add_each "$work/$im$imr" imagemagick-doc 1 "debian:$im=$imv" "ImageMagick licence (imagemagick-6-common copyright, Files: *)" bluebells_clipped.jpg:0

# --- Splash art: Inkscape 1.2's three illustrated start screens (a cartoon island, a cartoon street
# with people, a flat robot), GIMP 2.10's photograph of mushrooms (with the title) ---
ik=inkscape; ikv=1.2.2-2+deb12u1; ikr=/usr/share/inkscape/screens
fetch_only $ik $ikv "$ikr/start-splash.png" "$ikr/start-support.png" "$ikr/start-welcome.png"
add_each "$work/$ik$ikr" inkscape 0 "debian:$ik=$ikv" "GPL (package copyright)" \
  start-splash.png:0 start-support.png:5 start-welcome.png:0
gd=gimp-data; gdv=2.10.34-1+deb12u10; gdr=/usr/share/gimp/2.0/images
fetch_only $gd $gdv "$gdr/gimp-splash.png"
add_each "$work/$gd$gdr" gimp-data 1 "debian:$gd=$gdv" "GPL-3+ / CC-BY-SA (package copyright)" gimp-splash.png:0

# --- 3D renders without people: Scorched 3D's backdrop (a coast), SuperTuxKart's track
# screenshots (one of two near-identical city views) and its menu background ---
sc=scorched3d-data; scv=44+dfsg-8; scr=/usr/share/games/scorched3d/data/images
fetch_only $sc $scv "$scr/backdrop.jpg"
add_each "$work/$sc$scr" scorched3d 0 "debian:$sc=$scv" "GPL-2+ (package copyright, Files: *)" backdrop.jpg:0
st=supertuxkart-data; stv=1.4+dfsg-2; str=/usr/share/games/supertuxkart/data
fetch_only $st $stv "$str/tracks/*screenshot*" "$str/skins/cartoon/background.jpg"
for t in abyss/screenshot.jpg alien_signal/screenshot.jpg ancient_colosseum_labyrinth/screenshot.jpg \
  candela_city/screenshot.jpg cornfield_crossing/screenshot.jpg lasdunasarena/screenshot.jpg lighthouse/screenshot.jpg \
  pumpkin_park/screenshot.jpg ravenbridge_mansion/screenshot.jpg zengarden/screenshot.jpg \
  battleisland/battleisland_screenshot.jpg icy_soccer_field/screenshot.png stadium/racetrack_screenshot.png \
  temple/screenshot.png volcano_island/screenshot.png; do
  add "$work/$st$str/tracks/$t" "supertuxkart-${t%%/*}" 0 0 "debian:$st=$stv" "GPL-3+ / CC-BY-SA (per file, package copyright)"
done
add "$work/$st$str/skins/cartoon/background.jpg" supertuxkart-background 0 0 "debian:$st=$stv" \
  "GPL-3+ / CC-BY-SA (per file, package copyright)"

# --- Fotoxx manual (debian:fotoxx-common): example pictures without dialogs in them: Botticelli's
# Venus (the painting, before and after an effect: canvas texture, colour depth, relief), a
# 19th-century painting of girls under the magnifier tool (a small dialog at the left); photographs
# of a couple (colour, grey, sepia; with a vignette), people on a beach seen from behind, a building,
# Florence, a living room panorama, mountains. Filter results that no longer say painting or photo
# (cartoon, sketch, psychedelic colours, markup) left out ---
fx=fotoxx-common; fxv=20.08-2; fxr=/usr/share/fotoxx/images; fxlic="GPL-3+ (package copyright, Files: *)"
fetch_only $fx $fxv "$fxr/*.jpg"
add_each "$work/$fx$fxr" fotoxx 0 "debian:$fx=$fxv" "$fxlic" pattern2.jpg:1 color-depth2.jpg:2 texture2.jpg:2 \
  magnify-image.jpg:5
add_each "$work/$fx$fxr" fotoxx 1 "debian:$fx=$fxv" "$fxlic" color-mode2.jpg:6 vignette2.jpg:2 copy-pixels-1b.jpg:0 \
  emboss2.jpg:0 flatten2.jpg:0 panorama1.jpg:0 smart-erase2.jpg:0

# --- Pioneers board themes (debian:pioneers-data): hexagonal photograph tiles (Iceland: a hill,
# mountains, sheep; ccFlickr: a forest, sheep, sand, rock), flattened onto grey ---
pi=pioneers-data; piv=15.6-1; pir=/usr/share/games/pioneers/themes
fetch_only $pi $piv "$pir/Iceland/*.png" "$pir/ccFlickr/*.png"
add_each "$work/$pi$pir/Iceland" pioneers-iceland 1 "debian:$pi=$piv" "GPL-2+ (package copyright, Files: *)" \
  hill_brick.png:0 mountain_ore.png:0 pasture_wool.png:0
add_each "$work/$pi$pir/ccFlickr" pioneers-ccflickr 1 "debian:$pi=$piv" "CC-BY-SA-3.0 (package copyright, themes/ccFlickr)" \
  lumber.png:0 wool.png:0 desert.png:0 brick.png:0
