#!/usr/bin/env bash
# Live SCIM services on loopback for the tests of reading from and writing to a live service:
#   - scim2-server (PyPI, real), tenants "source" and "target", on a free 127.0.0.1 port
#   - fault_proxy.py in front of it (per-tenant bearer tokens, plus any fault flags given)
#   - genesys_mock.py, a Genesys-Cloud-like Users service seeded with generated users
# Writes DIR/harness.env (shell KEY='value' lines: URLs, token files) once everything answers,
# and stops everything it started when it exits.
#
# usage: harness.sh [--selftest] [--env-dir DIR] [--no-cursor] [--genesys-users N]
#                   [--proxy-arg ARG]... [-- COMMAND [ARGS...]]
#   --selftest         run selftest.py against the services, exit with its status
#   --env-dir DIR      where harness.env, the token files and the logs go (default: a temporary
#                      folder, removed at exit; a given DIR is kept, only harness.env is removed)
#   --no-cursor        scim2-server announces no cursor pagination (its default configuration)
#   --genesys-users N  users seeded into the mock (default 60)
#   --proxy-arg ARG    one more flag for fault_proxy.py (repeatable), e.g. --proxy-arg --hide-bulk
#   -- COMMAND         run COMMAND with harness.env exported, exit with its status
#   (neither)          print harness.env and wait until interrupted
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
state="$root/.build-integration"
venv="$state/venv"

selftest=0 env_dir="" cursor=1 genesys_users=60 proxy_args=() command=()
while [ $# -gt 0 ]; do
    case "$1" in
        --selftest) selftest=1 ;;
        --env-dir) env_dir=$2; shift ;;
        --no-cursor) cursor=0 ;;
        --genesys-users) genesys_users=$2; shift ;;
        --proxy-arg) proxy_args+=("$2"); shift ;;
        --) shift; command=("$@"); break ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "harness.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

keep_dir=1
if [ -z "$env_dir" ]; then
    env_dir=$(mktemp -d /tmp/scim-live.XXXXXX)
    keep_dir=0
fi
mkdir -p "$env_dir"
env_dir=$(cd "$env_dir" && pwd)
env_file="$env_dir/harness.env"
rm -f "$env_file"

pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -f "$env_file"
    if [ "$keep_dir" = 0 ]; then rm -rf "$env_dir"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "harness: $*" >&2; exit 1; }
log() { echo "harness: $*" >&2; }

# ---------------------------------------------------------------- scim2-server in the integration venv
if ! "$venv/bin/python" -c 'import scim2_server, cryptography' 2>/dev/null; then
    log "installing scim2-server[cursor] into $venv"
    mkdir -p "$state"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'scim2-server[cursor]'
fi
py=python3   # the harness's own pieces use the standard library only
scim_version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("scim2-server"))')

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {  # wait_http URL PID LOG: until URL answers any HTTP status
    for _ in $(seq 150); do
        if "$py" - "$1" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=2).read()
except urllib.error.HTTPError:
    pass
PY
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; return 1; }
        sleep 0.1
    done
    cat "$3" >&2
    return 1
}
wait_file() {  # wait_file FILE PID LOG
    for _ in $(seq 150); do
        [ -s "$1" ] && return 0
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; return 1; }
        sleep 0.1
    done
    cat "$3" >&2
    return 1
}

spc="$env_dir/scim2-server-spc.json"
"$py" - "$spc" "$cursor" <<'PY'
import json, sys
spc = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
       "patch": {"supported": True}, "bulk": {"supported": True, "maxOperations": 1000, "maxPayloadSize": 1048576},
       "filter": {"supported": True, "maxResults": 1000}, "changePassword": {"supported": True},
       "sort": {"supported": True}, "etag": {"supported": True}}
if sys.argv[2] == "1":  # RFC 9865: both methods, index stays the default
    spc["pagination"] = {"cursor": True, "index": True, "defaultPaginationMethod": "index", "cursorTimeout": 3600}
json.dump(spc, open(sys.argv[1], "w"), indent=1)
PY

started=0
for attempt in 1 2 3; do
    scim_port=$(free_port)
    "$venv/bin/scim2-server" --hostname 127.0.0.1 --port "$scim_port" --tenant source --tenant target \
        --service-provider-config "$spc" >"$env_dir/scim2-server.log" 2>&1 &
    scim_pid=$!
    pids+=("$scim_pid")
    if wait_http "http://127.0.0.1:$scim_port/source/v2/ServiceProviderConfig" "$scim_pid" "$env_dir/scim2-server.log"; then
        started=1; break
    fi
    log "scim2-server did not start on port $scim_port (attempt $attempt)"
done
[ "$started" = 1 ] || fail "scim2-server did not start"
scim_url="http://127.0.0.1:$scim_port"

# ---------------------------------------------------------------- tokens, proxy, mock
make_token() { ( umask 077; "$py" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$1" ); }
make_token "$env_dir/source.token"
make_token "$env_dir/target.token"
make_token "$env_dir/genesys.token"
# An OAuth 2.0 client-credentials client for the target tenant (the proxy's POST /oauth/token).
make_token "$env_dir/target.client-secret"
target_client_id="scimstream-target-$("$py" -c 'import secrets; print(secrets.token_hex(4))')"

rm -f "$env_dir/proxy.port" "$env_dir/genesys.port"
"$py" "$here/fault_proxy.py" --upstream "$scim_url" --port 0 --port-file "$env_dir/proxy.port" \
    --token "source=$env_dir/source.token" --token "target=$env_dir/target.token" \
    --oauth-client "target=$target_client_id:$env_dir/target.client-secret" \
    ${proxy_args[@]+"${proxy_args[@]}"} 2>"$env_dir/proxy.log" &
proxy_pid=$!
pids+=("$proxy_pid")
wait_file "$env_dir/proxy.port" "$proxy_pid" "$env_dir/proxy.log" || fail "the fault proxy did not start"
proxy_url="http://127.0.0.1:$(cat "$env_dir/proxy.port")"

"$py" "$here/make_users.py" "$genesys_users" --flavour genesys > "$env_dir/genesys-seed.ndjson"
"$py" "$here/genesys_mock.py" --port 0 --port-file "$env_dir/genesys.port" \
    --token-file "$env_dir/genesys.token" --seed-users "$env_dir/genesys-seed.ndjson" 2>"$env_dir/genesys.log" &
mock_pid=$!
pids+=("$mock_pid")
wait_file "$env_dir/genesys.port" "$mock_pid" "$env_dir/genesys.log" || fail "the Genesys mock did not start"
genesys_url="http://127.0.0.1:$(cat "$env_dir/genesys.port")/scim/v2"
wait_http "$proxy_url/__proxy/stats" "$proxy_pid" "$env_dir/proxy.log" || fail "the fault proxy does not answer"
wait_http "$genesys_url/ServiceProviderConfig" "$mock_pid" "$env_dir/genesys.log" || fail "the Genesys mock does not answer"

{
    printf "# written by Tests/Integration/live/harness.sh; removed when it stops\n"
    printf "SCIM_SERVER_URL='%s'\n" "$scim_url"
    printf "SCIM2_SERVER_VERSION='%s'\n" "$scim_version"
    printf "SCIM2_SERVER_CURSOR='%s'\n" "$cursor"
    printf "SCIM_PROXY_URL='%s'\n" "$proxy_url"
    printf "SCIM_PROXY_CONTROL='%s'\n" "$proxy_url/__proxy"
    printf "SCIM_SOURCE_URL='%s'\n" "$proxy_url/source/v2"
    printf "SCIM_TARGET_URL='%s'\n" "$proxy_url/target/v2"
    printf "SCIM_SOURCE_TOKEN_FILE='%s'\n" "$env_dir/source.token"
    printf "SCIM_TARGET_TOKEN_FILE='%s'\n" "$env_dir/target.token"
    printf "SCIM_OAUTH_TOKEN_URL='%s'\n" "$proxy_url/oauth/token"
    printf "SCIM_TARGET_CLIENT_ID='%s'\n" "$target_client_id"
    printf "SCIM_TARGET_CLIENT_SECRET_FILE='%s'\n" "$env_dir/target.client-secret"
    printf "GENESYS_URL='%s'\n" "$genesys_url"
    printf "GENESYS_TOKEN_FILE='%s'\n" "$env_dir/genesys.token"
    printf "GENESYS_SEED_FILE='%s'\n" "$env_dir/genesys-seed.ndjson"
    printf "LIVE_FAULT_PROXY='%s'\n" "$here/fault_proxy.py"
    printf "LIVE_GENESYS_MOCK='%s'\n" "$here/genesys_mock.py"
    printf "LIVE_MAKE_USERS='%s'\n" "$here/make_users.py"
    printf "LIVE_HARNESS_DIR='%s'\n" "$env_dir"
} > "$env_file.tmp"
mv "$env_file.tmp" "$env_file"
log "scim2-server $scim_version at $scim_url, fault proxy at $proxy_url, Genesys mock at $genesys_url"
log "environment in $env_file"

if [ "$selftest" = 1 ]; then
    "$py" "$here/selftest.py" --env "$env_file"
elif [ ${#command[@]} -gt 0 ]; then
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
    "${command[@]}"
else
    cat "$env_file"
    log "running; interrupt (Ctrl-C or SIGTERM) to stop"
    while :; do sleep 1; done
fi
