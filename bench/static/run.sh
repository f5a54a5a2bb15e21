#!/usr/bin/env bash
# Static files: portal-server against nginx on the same machine and the same dist/, with wrk.
# Usage: bench/static/run.sh [SECONDS]   (after `make build`; needs wrk and nginx: scripts/setup.sh bench)
# Prints requests/s and median latency per case and the target: portal-server at least half of
# nginx's rate. Both servers bind 127.0.0.1 on free ports and are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-5}
dist=$PWD/dist
server=target/release/portal-server
[ -f "$dist/index.html" ] && [ -x "$server" ] || { echo "run make build first" >&2; exit 2; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "wrk and nginx missing: scripts/setup.sh bench" >&2; exit 2; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

portal_port=$(free_port)
"$server" --dist "$dist" --addr "127.0.0.1:$portal_port" >/dev/null 2>&1 &
pids+=($!)

# nginx as it would serve dist/: 2 workers (the machine's cores), sendfile, the .gz files of the
# build for gzip clients (gzip_static), no access log.
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    gzip_static on;
    client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
    uwsgi_temp_path $work; scgi_temp_path $work;
    server {
        listen 127.0.0.1:$nginx_port;
        root $dist;
        location / { try_files \$uri /index.html; }
    }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon on;'

for port in "$portal_port" "$nginx_port"; do
    for _ in $(seq 50); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done
done

css=$(cd "$dist" && ls main-*.css | head -1)
wasm=$(cd "$dist" && ls mtls-portal-*_bg.wasm | head -1)

# requests/s and median latency of one wrk run
measure() {
    local port=$1 path=$2 encoding=$3
    local args=(-t2 -c50 -d"${seconds}s" --latency)
    [ -n "$encoding" ] && args+=(-H "Accept-Encoding: $encoding")
    wrk "${args[@]}" "http://127.0.0.1:$port$path" |
        awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } END { printf "%s %s", rps, p50 }'
}

printf '%-34s %14s %10s %14s %10s %7s  %s\n' case "portal req/s" p50 "nginx req/s" p50 ratio target
for case in "/index.html||index.html" "/$css||css" "/$wasm|gzip|wasm, gzip" "/$wasm||wasm, uncompressed"; do
    IFS='|' read -r path encoding label <<<"$case"
    read -r p_rps p_p50 <<<"$(measure "$portal_port" "$path" "$encoding")"
    read -r n_rps n_p50 <<<"$(measure "$nginx_port" "$path" "$encoding")"
    ratio=$(python3 -c "print(f'{$p_rps / $n_rps:.2f}')")
    verdict=$(python3 -c "print('PASS' if $p_rps >= 0.5 * $n_rps else 'MISS')")
    printf '%-34s %14s %10s %14s %10s %7s  %s (>= 0.5)\n' "$label" "$p_rps" "$p_p50" "$n_rps" "$n_p50" "$ratio" "$verdict"
done
