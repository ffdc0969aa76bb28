# Third batch: more painted and rendered people (Widelands, UFO:AI, Wesnoth campaigns, manuals, albums).
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

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

# --- KPhotoAlbum's demo album (debian:kphotoalbum) is not gathered: the shared corpus holds every
# picture in it (wayne.jpg as a crop), so its copies only counted twice. ---
