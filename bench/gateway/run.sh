#!/usr/bin/env bash
# Gateway load figures (issue 2): end-to-end time of one share of a 1024x1024 PNG, and
# GET /v1/feed requests/s under wrk. Starts its own gateway on a loopback port with a
# curl is told not to send "Expect: 100-continue": cpprest never answers it, so curl
# would wait its 1 s timeout before sending any body over 1 MB (measured: +1.04 s).
# throwaway database; talks to nothing else.
#   bench/gateway/run.sh [CONFIG]   (default: config/postern.yaml's plugin chain)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/build/postern"
[ -x "$bin" ] || { echo "build first: scripts/test or cmake --build build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
src_config=${1:-$root/config/postern.yaml}
python3 - "$src_config" "$work/postern.yaml" "$port" "$work" <<'PY'
import sys, re
src, dst, port, work = sys.argv[1:]
text = open(src).read()
text = re.sub(r'listen: "[^"]*"', f'listen: "127.0.0.1:{port}"', text)
text = re.sub(r'sqlite: .*', f'sqlite: {work}/postern.db', text)
text = re.sub(r'lists: \["?textpolicy"?\]', 'lists: ["%s/config/textpolicy"]' % sys.path[0], text)
open(dst, "w").write(text)
PY
cd "$root"
"$bin" serve --config "$work/postern.yaml" > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# A 1024x1024 PNG of smooth noise (photo-like size, ~2-3 MB), base64 in a JSON body.
python3 - "$work" <<'PY'
import sys, base64, json, zlib, struct, random
work = sys.argv[1]
random.seed(7)
w = h = 1024
rows = []
for y in range(h):
    row = bytearray([0])
    for x in range(w):
        v = (x * 7 + y * 3 + random.randint(0, 40)) & 255
        row += bytes((v, (v * 3) & 255, (255 - v)))
    rows.append(bytes(row))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
for i in range(30):
    body = {"user_id": f"bench{i}", "prompt": "a watercolour of a harbour at dawn",
            "image": base64.b64encode(png).decode()}
    open(f"{work}/share{i}.json", "w").write(json.dumps(body))
print(f"png bytes: {len(png)}", file=sys.stderr)
PY

echo "== share of a 1024x1024 PNG, end to end (curl time_total, 30 runs, sequential)"
for i in $(seq 0 29); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$port/v1/shares" \
    -H 'Authorization: Bearer dev-product-key' -H 'Content-Type: application/json' -H 'Expect:' \
    --data-binary "@$work/share$i.json"
done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms  p90 %.1f ms  min %.1f ms  max %.1f ms\n", a[int(NR/2)+1]*1000, a[int(NR*0.9)]*1000, a[1]*1000, a[NR]*1000}'
grep '"event":"decision"' "$work/log" | tail -1 | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("last share: decision", d["decision"], "pipeline ms", round(d["ms"],1), {c["plugin"]: round(c["ms"],1) for c in d["checks"]})'

echo "== GET /v1/feed?limit=20 under wrk (2 threads, 32 connections, 15 s; 30 posts on the feed)"
wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$port/v1/feed?limit=20" | sed -n '1,20p'
