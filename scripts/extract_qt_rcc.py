#!/usr/bin/env python3
"""Extracts the files of a Qt binary resource (.rcc, format version 1-3) into a folder.

Usage: extract_qt_rcc.py FILE.rcc OUTDIR [--ext jpg,png,svg]
Used by scripts/gather-photoreal-data.sh for GCompris activity data (images are packed in
.rcc files there). zlib-compressed entries are inflated; zstd entries are skipped.
"""
import os
import struct
import sys
import zlib


def main():
    path, out = sys.argv[1], sys.argv[2]
    exts = None
    if len(sys.argv) > 4 and sys.argv[3] == "--ext":
        exts = tuple("." + e for e in sys.argv[4].split(","))
    data = open(path, "rb").read()
    if data[:4] != b"qres":
        sys.exit(f"{path}: not a Qt resource file")
    version, tree, payload, names = struct.unpack(">IIII", data[4:20])
    node_size = 14 if version == 1 else 22

    def name(off):
        n = struct.unpack(">H", data[names + off:names + off + 2])[0]
        return data[names + off + 6:names + off + 6 + 2 * n].decode("utf-16-be")

    count = 0

    def walk(index, prefix):
        nonlocal count
        base = tree + index * node_size
        name_off, flags = struct.unpack(">IH", data[base:base + 6])
        nm = name(name_off) if index else ""
        if flags & 2:  # directory
            children, first = struct.unpack(">II", data[base + 6:base + 14])
            for c in range(children):
                walk(first + c, os.path.join(prefix, nm))
            return
        off = struct.unpack(">I", data[base + 10:base + 14])[0]
        size = struct.unpack(">I", data[payload + off:payload + off + 4])[0]
        blob = data[payload + off + 4:payload + off + 4 + size]
        if flags & 4:
            return  # zstd: not needed here
        if flags & 1:
            blob = zlib.decompress(blob[4:])
        dest = os.path.join(out, prefix, nm)
        if exts and not dest.lower().endswith(exts):
            return
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        open(dest, "wb").write(blob)
        count += 1

    walk(0, "")
    print(f"extract_qt_rcc: {count} files from {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
