#!/usr/bin/env python3
"""Writes an evasion variant of a dev set: every third harmful row, rewritten one of four ways
(leetspeak, letters spaced apart, zero-width joiners, Cyrillic/Greek look-alikes) in turn.
Usage: make_evasion_variant.py IN.csv OUT.csv"""
import csv
import sys

LEET = {'a': '4', 'e': '3', 'i': '1', 'o': '0', 's': '$', 't': '7'}
# Look-alikes the normaliser folds back through confusable skeletons.
HOMOGLYPH = {'a': '\u0430', 'e': '\u0435', 'o': '\u043e', 'p': '\u0440', 'c': '\u0441', 'i': '\u0456',
             'x': '\u0445', 'y': '\u0443', 's': '\u0455'}


def leet(word):
    return ''.join(LEET.get(c, c) for c in word)


def spaced(word):
    return ' '.join(word)


def zero_width(word):
    return '\u200d'.join(word)


def homoglyph(word):
    return ''.join(HOMOGLYPH.get(c, c) for c in word)


# Spacing every word would erase all word boundaries; evaders space the one or two words that matter,
# so spacing goes to the two longest words and the other rewrites to every word of four letters or more.
def rewrite(text, kind):
    words = text.split(' ')
    if kind == 'spaced':
        longest = sorted(range(len(words)), key=lambda i: -len(words[i].strip(',.:')))[:2]
        return ' '.join(spaced(w) if i in longest else w for i, w in enumerate(words))
    fn = {'leet': leet, 'zero_width': zero_width, 'homoglyph': homoglyph}[kind]
    return ' '.join(fn(w) if len(w) >= 4 and w.isalpha() else w for w in words)


def main(src, dst):
    kinds = ['leet', 'spaced', 'zero_width', 'homoglyph']
    rows = list(csv.DictReader(open(src, newline='', encoding='utf-8')))
    harmful = [r for r in rows if r['expected'] == 'block']
    out = csv.writer(open(dst, 'w', newline='', encoding='utf-8'), lineterminator='\n')
    out.writerow(['text', 'expected', 'category', 'kind'])
    for n, row in enumerate(harmful[::3]):
        out.writerow([rewrite(row['text'], kinds[n % 4]), 'block', row['category'], 'evasion'])


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
