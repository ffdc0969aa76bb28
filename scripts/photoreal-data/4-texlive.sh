# Fourth batch, TeX Live packages not used before (manuscripts, a woodcut, paintings, stock photos).
# Sourced by scripts/gather-photoreal-data.sh (uses its functions and the variables of earlier parts).

# More TeX Live packages not used above: medieval manuscript drawings with faces (the Aboensis font's
# manuscript initials), a hand-coloured woodcut (Missaali), a cartoon (ConTeXt); photographs of people
# (University of Antwerp stock photos, a portrait, a hang-glider pilot) and, in moderation, without faces.

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
