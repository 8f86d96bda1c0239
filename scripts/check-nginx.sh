#!/usr/bin/env bash
# Serves a built app with deploy/nginx.conf on a loopback port and checks, with curl, the headers
# a self-hosting lab relies on: CSP with frame-ancestors, Referrer-Policy, nosniff, no-cache on
# index.html / the service worker / the manifest, immutable hashed assets, the manifest's type.
#
#   npm run build && scripts/check-nginx.sh [DIST_DIR=dist] [PORT=6090]
#
# Needs nginx (Debian: apt-get install nginx-light) and curl. Runs nginx as this user, with its
# own temporary config, pid and logs; stops it on exit.
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
dist=$(cd "${1:-$root_dir/dist}" && pwd)
port=${2:-6090}
conf_in="$root_dir/deploy/nginx.conf"

if ! command -v nginx >/dev/null; then
  echo "check-nginx: nginx is not installed (Debian: apt-get install nginx-light); nothing checked." >&2
  exit 2
fi
[ -f "$dist/index.html" ] || { echo "check-nginx: no $dist/index.html — run npm run build first." >&2; exit 2; }

work=$(mktemp -d)
pid=''
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The deployed file, with only its root and port changed.
sed -e "s#root /usr/share/nginx/html;#root $dist;#" \
    -e "s#listen 8080;#listen 127.0.0.1:$port;#" \
    -e "/listen \[::\]:8080;/d" "$conf_in" > "$work/site.conf"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  include $work/site.conf;
}
EOF
nginx -t -q -c "$work/nginx.conf"
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -s -o /dev/null "$base/" && break; sleep 0.1; done

failures=0
# check PATH STATUS HEADER-NAME EXPECTED-SUBSTRING
check() {
  local path=$1 status=$2 name=$3 expected=$4 headers got_status value
  headers=$(curl -s -D - -o /dev/null "$base$path")
  got_status=$(printf '%s\n' "$headers" | head -1 | awk '{print $2}')
  value=$(printf '%s\n' "$headers" | tr -d '\r' | grep -i "^$name:" | head -1 | cut -d' ' -f2- || true)
  if [ "$got_status" = "$status" ] && [[ "$value" == *"$expected"* ]]; then
    echo "ok    $path  $got_status  $name: $value"
  else
    echo "FAIL  $path  $got_status (want $status)  $name: '$value' (want '$expected')"
    failures=$((failures + 1))
  fi
}

asset=$(cd "$dist" && ls assets/*.js | head -1)
sw_runtime=$(cd "$dist" && ls workbox-*.js | head -1)

check /                         200 Content-Security-Policy "frame-ancestors 'none'"
check /                         200 Content-Security-Policy "script-src 'self';"
check /                         200 Content-Security-Policy "worker-src 'self'"
check /                         200 Referrer-Policy no-referrer
check /                         200 X-Content-Type-Options nosniff
check /                         200 Cache-Control no-cache
check /                         200 Content-Type text/html
check '/?source=x&modality=T1w' 200 Cache-Control no-cache
check /index.html               200 Cache-Control no-cache
check /sw.js                    200 Cache-Control no-cache
check /sw.js                    200 Content-Type javascript
check "/$sw_runtime"            200 Cache-Control no-cache
check /manifest.webmanifest     200 Content-Type application/manifest+json
check /manifest.webmanifest     200 Cache-Control no-cache
check /icons/icon-192.png       200 Content-Type image/png
check "/$asset"                 200 Cache-Control "public, max-age=31536000, immutable"
check "/$asset"                 200 Content-Security-Policy "frame-ancestors 'none'"
check /assets/gone-abc123.js    404 Content-Security-Policy "frame-ancestors 'none'"

if [ "$failures" -gt 0 ]; then
  echo "check-nginx: $failures check(s) failed (nginx log: $(cat "$work/error.log"))"
  exit 1
fi
echo "check-nginx: every header as deploy/nginx.conf promises ($dist on $base, $(nginx -v 2>&1))"
