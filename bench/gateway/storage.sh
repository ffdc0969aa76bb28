#!/usr/bin/env bash
# Shares/s of a 1024x1024 photo on one gateway instance, SQLite against PostgreSQL
# (issue 11). The same config runs twice: storage.sqlite in a temp dir, then
# storage.postgres on a throwaway PostgreSQL 15 cluster (initdb in a temp dir, Unix socket
# only, fsync and synchronous_commit on as a real server). Each run: wrk POSTs the share
# from 4 connections for 20 s; then the gateway's RSS and the server connections it holds.
#   bench/gateway/storage.sh          config/postern.yaml's plugin chain
#   CHAIN=light bench/gateway/storage.sh   image_guard and account_standing only (storage shows)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/build/postern"
pgbin=/usr/lib/postgresql/15/bin
[ -x "$bin" ] || { echo "build first: scripts/test or cmake --build build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$pgbin/initdb" ] || { echo "postgresql-15 is missing (apt-get install postgresql-15)" >&2; exit 1; }
export POSTERN_ASSETS=${POSTERN_ASSETS:-$root/assets}
work=$(mktemp -d)
chmod 711 "$work"  # the postgres user reaches its own dir inside
pid=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  # Each step may find nothing to do (a failed start): none of them stops the cleanup.
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The cluster: initdb refuses root, so as root it runs as the postgres user.
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$work/pg'" start >/dev/null
as_pg "$pgbin/psql" -h "$work/pg" -U postgres -qc "CREATE DATABASE bench"
dsn="host=$work/pg user=postgres dbname=bench"

# A 1024x1024 photo-like PNG (smooth colour noise), in a share body wrk sends as is.
python3 - "$work" <<'PY'
import base64, json, random, struct, sys, zlib
random.seed(11)
# 64x64 random colours blown up to 16x16 blocks, plus per-pixel grain.
small = [[bytes(random.randrange(256) for _ in range(3)) for _ in range(64)] for _ in range(64)]
rows = []
for y in range(1024):
    line = bytearray(b"".join(c * 16 for c in small[y // 16]))
    for x in range(0, len(line), 7):
        line[x] = (line[x] + random.randrange(24)) & 255
    rows.append(bytes(line))
raw = b"".join(b"\0" + row for row in rows)
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1024, 1024, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
body = {"user_id": "bench", "prompt": "a harbour at dawn, photograph", "image": base64.b64encode(png).decode()}
open(sys.argv[1] + "/share.json", "w").write(json.dumps(body))
print(f"png: {len(png)} bytes", file=sys.stderr)
PY
cat > "$work/share.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer dev-product-key"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/share.json", "rb")
wrk.body = f:read("*a")
f:close()
LUA

# The config's relative paths (models/, textpolicy/) resolve beside the copy as beside the original.
for f in "$root"/config/*; do case "$f" in *.yaml) ;; *) ln -s "$f" "$work/";; esac; done

# One run: the config with `storage_yaml` in place of the shipped storage block;
# INSTANCES=2 starts two gateways on it and splits the 4 connections between them.
run() {
  local name=$1 storage_yaml=$2 port instances=${3:-1}
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 - "$root/config/postern.yaml" "$work/$name.yaml" "$port" "$storage_yaml" "${CHAIN:-full}" <<'PY'
import re, sys
src, dst, port, storage, chain = sys.argv[1:]
text = open(src).read()
text = re.sub(r'listen: "[^"]*"', f'listen: "127.0.0.1:{port}"', text)
text = re.sub(r'\nstorage:\n  sqlite: [^\n]*', "\nstorage:\n  " + storage, text)
text = re.sub(r'per_user: \{shares: \d+', 'per_user: {shares: 0', text)  # one user posts every share
if chain == "light":
    text = re.sub(r'\nplugins:\n.*?\n\n', "\nplugins:\n  - name: image_guard\n  - name: account_standing\n\n", text, flags=re.S)
open(dst, "w").write(text)
PY
  (cd "$root" && exec "$bin" serve --config "$work/$name.yaml" >"$work/$name.log" 2>&1) &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
  if [ "$instances" = 2 ]; then
    local port2 pid2
    port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    sed "s#listen: \"127.0.0.1:$port\"#listen: \"127.0.0.1:$port2\"#" "$work/$name.yaml" > "$work/$name-2.yaml"
    (cd "$root" && exec "$bin" serve --config "$work/$name-2.yaml" >"$work/$name-2.log" 2>&1) &
    pid2=$!
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port2/healthz" >/dev/null && break; sleep 0.1; done
    echo "== $name, 2 instances: POST /v1/shares, 1024x1024 PNG, wrk 2 connections to each, 20 s (chain: ${CHAIN:-full})"
    wrk -t1 -c2 -d20s --timeout 10s -s "$work/share.lua" "http://127.0.0.1:$port/v1/shares" > "$work/w1" &
    wrk -t1 -c2 -d20s --timeout 10s -s "$work/share.lua" "http://127.0.0.1:$port2/v1/shares" > "$work/w2"
    wait %% 2>/dev/null || sleep 1
    echo "Requests/sec (both): $(awk '/Requests\/sec/ {s += $2} END {print s}' "$work/w1" "$work/w2")"
    grep -h -E "Non-2xx" "$work/w1" "$work/w2" || true
    echo "rss of the second: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid2/status)"
    kill "$pid2"; wait "$pid2" 2>/dev/null || true
  else
    echo "== $name: POST /v1/shares, 1024x1024 PNG, wrk 2 threads, 4 connections, 20 s (chain: ${CHAIN:-full})"
    wrk -t2 -c4 -d20s --timeout 10s -s "$work/share.lua" "http://127.0.0.1:$port/v1/shares" |
      grep -E "Requests/sec|Latency|Non-2xx|requests in"
  fi
  echo "rss: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)" \
       "connections to PostgreSQL: $(as_pg "$pgbin/psql" -h "$work/pg" -U postgres -d bench -tAc \
         "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'postern'")"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}
run sqlite "sqlite: $work/postern.db"
run postgres "postgres: {dsn: \"$dsn\", pool_size: 8}"
run postgres "postgres: {dsn: \"$dsn\", pool_size: 8}" 2
