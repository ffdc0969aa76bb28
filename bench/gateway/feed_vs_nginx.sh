#!/usr/bin/env bash
# GET /v1/feed and GET /v1/media/{id} of a real gateway against nginx serving the same
# bytes as static files, side by side in one run (issue 11): wrk, 2 threads, 32
# connections, DURATION seconds each (default 10). Loopback only; stops what it starts.
#   bench/gateway/feed_vs_nginx.sh [DURATION]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/build/postern"
secs=${1:-10}
[ -x "$bin" ] || { echo "build first: scripts/test or cmake --build build" >&2; exit 1; }
for t in wrk nginx; do command -v $t >/dev/null || [ -x /usr/sbin/$t ] || { echo "$t is missing" >&2; exit 1; }; done
work=$(mktemp -d)
cfg="$root/config/.bench-feed-$$.yaml"  # beside the shipped config, so its relative paths hold
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; [ -f "$work/nginx.pid" ] && kill $(cat "$work/nginx.pid") 2>/dev/null; rm -rf "$work" "$cfg"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s#listen: \"[^\"]*\"#listen: \"127.0.0.1:$port\"#" -e "s#sqlite: .*#sqlite: $work/postern.db#" \
    -e "s#per_user: {shares: [0-9]*#per_user: {shares: 0#" "$root/config/postern.yaml" > "$cfg"
"$bin" serve --config "$cfg" > "$work/log" 2>&1 &
pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# 30 posts of small distinct drawings-like images (the checks allow them).
python3 - "$work" "$port" <<'PY'
import sys, base64, json, zlib, struct, urllib.request
work, port = sys.argv[1], sys.argv[2]
def png(seed):
    w = h = 128
    rows = b"".join(b"\0" + bytes(((x * seed) ^ (y * 3)) & 255 for x in range(w * 3)) for y in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
for i in range(30):
    body = json.dumps({"user_id": f"bench{i}", "prompt": "a flat pattern of stripes",
                       "image": base64.b64encode(png(i + 2)).decode()}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/shares", body, method="POST",
        headers={"Authorization": "Bearer dev-product-key", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
chmod 755 "$work"  # nginx workers run as nobody
mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$port/v1/feed?limit=20" -o "$work/www/feed.json"
media=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["image_url"].rsplit("/",1)[1])' "$work/www/feed.json")
curl -sf "http://127.0.0.1:$port/v1/media/$media" -o "$work/www/media.png"
etag=$(curl -sfI "http://127.0.0.1:$port/v1/feed?limit=20" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
echo "feed page: $(wc -c < "$work/www/feed.json") bytes, media: $(wc -c < "$work/www/media.png") bytes, 20 of 30 posts"

cat > "$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location / { default_type application/json; }
  }
}
NGX
chmod -R a+rX "$work/www"
/usr/sbin/nginx -p "$work" -c "$work/nginx.conf"
sleep 0.5

run() {  # name url [header]
  local out
  if [ $# -ge 3 ]; then out=$(wrk -t2 -c32 -d"${secs}s" --latency -H "$3" "$2"); else out=$(wrk -t2 -c32 -d"${secs}s" --latency "$2"); fi
  printf '%-44s %10s req/s   p50 %-8s p99 %s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/{print $2}')" \
    "$(echo "$out" | awk '$1=="50%"{print $2}')" "$(echo "$out" | awk '$1=="99%"{print $2}')"
  echo "$out" | grep -E "Non-2xx|Socket errors" || true
}
echo "== wrk -t2 -c32 -d${secs}s, one after another in this run"
run "nginx: feed.json as a static file" "http://127.0.0.1:$nport/feed.json"
run "gateway: GET /v1/feed?limit=20" "http://127.0.0.1:$port/v1/feed?limit=20"
run "gateway: same, If-None-Match (304)" "http://127.0.0.1:$port/v1/feed?limit=20" "If-None-Match: $etag"
run "nginx: media.png as a static file" "http://127.0.0.1:$nport/media.png"
run "gateway: GET /v1/media/{id}" "http://127.0.0.1:$port/v1/media/$media"
run "gateway: GET /healthz (no storage, no cache)" "http://127.0.0.1:$port/healthz"
echo "gateway RSS after the runs: $(awk '/VmRSS/{print $2, $3}' /proc/$pid/status), open fds: $(ls /proc/$pid/fd | wc -l)"
