#!/usr/bin/env python3
"""Candidate words for a text_policy set, read from WordNet 3.0's database files.

A development aid (issue 13, round 10), not a build step: it prints the synonyms and the
hyponyms (troponyms for verbs) of the synsets named, with the sense number through which each
word was reached, how many senses the word has, and the glosses of its sense and of its first
(most frequent) sense. A person reads the list and adds to config/textpolicy/ only words whose
common sense is the harmful one. Nothing is downloaded; extract Debian's `wordnet-base` first:

  apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/text10/x
  scripts/experiments/wordnet_candidates.py --dict /tmp/text10/x/usr/share/wordnet \
      knife.n.2 --depth 3 --first-sense-only --known config/textpolicy

A synset is named lemma.pos.N (pos n or v; N counts the lemma's senses from 1 in WordNet's
frequency order, as `wn LEMMA -over` lists them).
"""
import argparse
import os
import re
import sys

POS_FILES = {"n": "noun", "v": "verb"}
HYPONYM_POINTERS = {"~", "~i"}  # hyponym, instance hyponym (verbs: troponym)


def read_index(path):
    """lemma -> list of synset offsets, most frequent sense first."""
    index = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue  # licence header
            parts = line.split()
            lemma, pointer_count = parts[0], int(parts[3])
            sense_count = int(parts[2])
            offsets = parts[4 + pointer_count + 2:]
            assert len(offsets) == sense_count, line
            index[lemma] = offsets
    return index


def read_data(path):
    """offset -> (words, hyponym offsets, gloss)."""
    data = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            head, _, gloss = line.partition(" | ")
            parts = head.split()
            offset, word_count = parts[0], int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(word_count)]
            words = [re.sub(r"\(.*\)$", "", w) for w in words]  # adjective markers
            at = 4 + 2 * word_count
            pointer_count = int(parts[at])
            hyponyms = []
            for i in range(pointer_count):
                symbol, target, target_pos = parts[at + 1 + 4 * i: at + 4 + 4 * i]
                if symbol in HYPONYM_POINTERS and target_pos == parts[2][0]:
                    hyponyms.append(target)
            data[offset] = (words, hyponyms, gloss.strip())
    return data


def known_phrases(config_dir):
    """Every lower-case phrase already written in the lists, for marking candidates as known."""
    known = set()
    for name in os.listdir(config_dir):
        if name.endswith(".yaml"):
            with open(os.path.join(config_dir, name), encoding="utf-8") as f:
                for item in re.split(r"[\[\],{}:\n]", f.read()):
                    known.add(item.strip().strip("'\"").lower())
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("synsets", nargs="+", help="lemma.pos.N, e.g. knife.n.2 or bludgeon.v.1")
    ap.add_argument("--dict", required=True, help="directory holding index.noun, data.noun, ...")
    ap.add_argument("--depth", type=int, default=2, help="hyponym levels below each synset")
    ap.add_argument("--first-sense-only", action="store_true",
                    help="only words whose most frequent sense is the one reached")
    ap.add_argument("--known", help="config/textpolicy: mark words the lists already hold")
    args = ap.parse_args()

    known = known_phrases(args.known) if args.known else set()
    indexes, datas = {}, {}
    seen = set()
    for spec in args.synsets:
        m = re.fullmatch(r"(.+)\.([nv])\.(\d+)", spec)
        if not m:
            sys.exit(f"bad synset name {spec!r}: want lemma.pos.N")
        lemma, pos, sense = m.group(1), m.group(2), int(m.group(3))
        if pos not in indexes:
            indexes[pos] = read_index(os.path.join(args.dict, "index." + POS_FILES[pos]))
            datas[pos] = read_data(os.path.join(args.dict, "data." + POS_FILES[pos]))
        index, data = indexes[pos], datas[pos]
        offsets = index.get(lemma.replace(" ", "_"))
        if not offsets or sense > len(offsets):
            sys.exit(f"{spec}: no such sense")
        print(f"# {spec}: {data[offsets[sense - 1]][2]}")
        frontier = [(offsets[sense - 1], 0)]
        while frontier:
            offset, depth = frontier.pop(0)
            words, hyponyms, gloss = data[offset]
            for word in words:
                if (word, offset) in seen:
                    continue
                seen.add((word, offset))
                word_senses = index.get(word, [])
                rank = word_senses.index(offset) + 1 if offset in word_senses else 0
                if args.first_sense_only and rank != 1:
                    continue
                phrase = word.replace("_", " ")
                mark = "known" if phrase in known else "new"
                first = "" if rank == 1 else f"  [sense 1: {data[word_senses[0]][2][:70]}]"
                print(f"{phrase}\t{mark}\tsense {rank}/{len(word_senses)}\tdepth {depth}\t{gloss[:70]}{first}")
            if depth < args.depth:
                frontier += [(h, depth + 1) for h in hyponyms]


if __name__ == "__main__":
    main()
