#!/usr/bin/python3
"""Drops gathered rows whose picture is already in the training data.

Usage: drop_duplicates.py SHARED_CORPUS_DIR OUT_DIR
Rewrites OUT_DIR/labels.csv and OUT_DIR/animals.csv without rows that show the same picture as
a row of SHARED_CORPUS_DIR/labels.csv or an earlier gathered row (labels.csv before animals.csv), with the same labels
(photo or not, faces or not). A package's own copy of a corpus image (re-encoded, resized,
stored sideways) would otherwise count twice in every pooled figure and weigh double in
training. Pairs with different labels are kept on purpose: a photo and its mosaic-filtered copy,
a scene with and without its people.

Same picture: 16x16 grey thumbnails (ImageMagick, EXIF orientation applied) correlate above
0.97 in one of four rotations. Thumbnails are cached under OUT_DIR/src/thumbs.
"""
import hashlib
import os
import subprocess
import sys

import numpy as np

SAME = 0.97


def thumbnail(path, cache):
    key = hashlib.sha1(f"{os.path.abspath(path)}:{os.path.getmtime(path)}".encode()).hexdigest()
    raw = os.path.join(cache, key + ".raw")
    if not os.path.exists(raw):
        subprocess.run(["convert", path + "[0]", "-auto-orient", "-resize", "16x16!", "-colorspace",
                        "gray", "-depth", "8", "gray:" + raw], check=True, stderr=subprocess.DEVNULL)
    t = np.fromfile(raw, dtype=np.uint8).astype(np.float32).reshape(16, 16)
    return [unit(np.rot90(t, k)) for k in range(4)]


def unit(t):
    v = (t - t.mean()).ravel()
    n = np.linalg.norm(v)
    return v / n if n > 1e-6 else v


def read_rows(path):
    """(header, rows): each row is (file, label class, the line as written). Lines are kept
    byte for byte: the licence column may hold unquoted commas."""
    with open(path) as f:
        lines = f.read().splitlines()
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        file, photoreal, faces = line.split(",", 3)[:3]
        rows.append((file, (photoreal, int(faces) > 0), line))
    return lines[0], rows


def main(shared_dir, out_dir):
    cache = os.path.join(out_dir, "src", "thumbs")
    os.makedirs(cache, exist_ok=True)
    _, shared = read_rows(os.path.join(shared_dir, "labels.csv"))
    seen = [(thumbnail(os.path.join(shared_dir, file), cache)[0], cls, file) for file, cls, _ in shared]
    dropped = 0
    for name in ("labels.csv", "animals.csv"):
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            continue
        header, rows = read_rows(path)
        kept = [header]
        for file, cls, line in rows:
            rotations = thumbnail(os.path.join(out_dir, file), cache)
            twin = next((other for vec, c, other in seen
                         if c == cls and max(float(vec @ r) for r in rotations) > SAME), None)
            if twin:
                print(f"drop_duplicates: {name}: {file} is {twin}", file=sys.stderr)
                dropped += 1
                continue
            kept.append(line)
            seen.append((rotations[0], cls, file))
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(kept) + "\n")
        os.replace(path + ".tmp", path)
    print(f"drop_duplicates: {dropped} rows dropped", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
