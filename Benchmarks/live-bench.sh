#!/usr/bin/env bash
# Throughput of scimstream against live SCIM services on loopback, as a Markdown table:
#   - writes: N users (make_users.py, managers included) created with
#       scimstream FILE --for-create --to scim -o URL --concurrency C --bulk never   for C in 1, 4, 16
#     (one request per user), and once with the default --bulk auto (Bulk documents where the service
#     offers /Bulk, as scim2-server does), against scim2-server directly and through fault_proxy.py with
#     no faults (bearer token, keep-alive); the target tenant is emptied between runs, and every run
#     must leave exactly N users there
#   - reads: an export of 20,000 users in 200 pages of 100 from static_list_server.py (a stdlib server
#     with a precomputed page), in pages read per second
# It reports wall seconds, users/s and the client's CPU (user + system seconds of scimstream alone).
# scim2-server is a single-threaded Python server and the static server is Python too: the numbers
# say how the tool behaves against such services on this machine, not the tool's ceiling.
#
# usage: Benchmarks/live-bench.sh [N]      (N users to create, default 1000)
#   SCIMSTREAM=PATH   the binary (default .build/release/scimstream; nothing is built here)
#   CONCURRENCY="1 4 16"   READ_TOTAL=20000   to change the runs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=${1:-1000}
bin=${SCIMSTREAM:-$root/.build/release/scimstream}
concurrency=${CONCURRENCY:-1 4 16}
read_total=${READ_TOTAL:-20000}
[ -x "$bin" ] || { echo "live-bench: no binary at $bin (set SCIMSTREAM or build first)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d /tmp/scimstream-live-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- the harness, no faults
bash Tests/Integration/live/harness.sh --env-dir "$work/harness" >"$work/harness.out" 2>&1 &
pids+=($!)
for _ in $(seq 600); do
    [ -s "$work/harness/harness.env" ] && break
    kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/harness.out" >&2; exit 1; }
    sleep 0.2
done
[ -s "$work/harness/harness.env" ] || { cat "$work/harness.out" >&2; echo "live-bench: the harness did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$work/harness/harness.env"
set +a

python3 Tests/Integration/live/make_users.py "$n" --flavour rfc > "$work/users.ndjson"

users_in_target() {  # users_in_target [--empty]: count the target's users on scim2-server itself, or delete them all
    python3 - "$SCIM_SERVER_URL/target/v2" "${1:-}" <<'PY'
import json, sys, urllib.request
base, empty = sys.argv[1], sys.argv[2] == "--empty"
def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/scim+json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"null")
ids, start = [], 1
while True:
    page = call("GET", f"{base}/Users?attributes=id&startIndex={start}&count=1000")
    ids += [u["id"] for u in page.get("Resources") or []]
    start += len(page.get("Resources") or [])
    if not page.get("Resources") or start > page["totalResults"]:
        break
if empty and ids:
    call("POST", base + "/Bulk", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                                  "Operations": [{"method": "DELETE", "path": "/Users/" + i} for i in ids]})
    ids = []
print(len(ids))
PY
}

timed() {  # timed NAME COMMAND...: run it; sets wall, cpu (user+sys seconds of the command), rc
    local name=$1; shift
    local start end
    start=$(date +%s.%N)
    set +e
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
        rc=$?
    else
        local before after
        before=$(times | tail -1)
        "$@" >"$work/$name.out" 2>"$work/$name.err"
        rc=$?
        after=$(times | tail -1)
        python3 - "$before" "$after" > "$work/$name.time" <<'PY'
import re, sys
def secs(line):  # children's "XmY.YYYs XmY.YYYs" from bash's times
    return [int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", line)]
b, a = secs(sys.argv[1]), secs(sys.argv[2])
print(f"{a[0] - b[0]:.3f} {a[1] - b[1]:.3f}")
PY
    fi
    set -e
    end=$(date +%s.%N)
    wall=$(python3 -c "print(f'{$end - $start:.3f}')")
    cpu=$(awk '{printf "%.3f", $1 + $2}' "$work/$name.time")
}

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:{sys.argv[3]}}' if b else '-')" "$@"; }

listen_overflows() {  # the kernel's count of connections dropped because a listen queue was full
    awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) h[i] = $i; n = 1 } else { for (i = 1; i <= NF; i++)
        if (h[i] == "ListenOverflows") print $i } }' /proc/net/netstat 2>/dev/null || echo 0
}

rows=()
failures=0
target_token=$(cat "$SCIM_TARGET_TOKEN_FILE")
for via in direct proxy; do
    if [ "$via" = direct ]; then url="$SCIM_SERVER_URL/target/v2"; auth=(); label="scim2-server"
    else url="$SCIM_TARGET_URL"; auth=(--target-token-file "$SCIM_TARGET_TOKEN_FILE"); label="fault_proxy → scim2-server"; fi
    for run in $(for c in $concurrency; do echo "never:$c"; done) auto:4; do
        mode=${run%%:*} c=${run#*:}
        users_in_target --empty >/dev/null
        overflows_before=$(listen_overflows)
        timed "write-$via-$mode-$c" "$bin" "$work/users.ndjson" --for-create --to scim -o "$url" ${auth[@]+"${auth[@]}"} \
            --concurrency "$c" --bulk "$mode"
        overflows=$(( $(listen_overflows) - overflows_before ))
        stored=$(users_in_target)
        note=""
        if [ "$rc" != 0 ] || [ "$stored" != "$n" ]; then
            note=" **exit $rc, $stored of $n stored**"
            failures=$((failures + 1))
            echo "live-bench: write-$via-$mode-$c: exit $rc, $stored of $n users stored; stderr:" >&2
            head -c 2000 "$work/write-$via-$mode-$c.err" >&2
        fi
        if grep -qF "$target_token" "$work/write-$via-$mode-$c.out" "$work/write-$via-$mode-$c.err"; then
            note="$note **token in output**"; failures=$((failures + 1))
        fi
        rows+=("| create $n users | $label | $mode | $c | $wall | $(ratio "$n" "$wall" .0f) | $cpu | $(ratio "$cpu" "$n" .6f | python3 -c 'import sys; v = sys.stdin.read().strip(); print(v if v == "-" else f"{float(v) * 1000:.3f}")') | $overflows |$note")
    done
done
users_in_target --empty >/dev/null

# ---------------------------------------------------------------- reads from a static server
python3 Benchmarks/static_list_server.py --port 0 --port-file "$work/static.port" --total "$read_total" --page 100 \
    2>"$work/static.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/static.port" ] && break; sleep 0.1; done
static_url="http://127.0.0.1:$(cat "$work/static.port")/scim/v2"
pages=$(( (read_total + 99) / 100 ))
timed read-static "$bin" "$static_url" --page-size 100 -o "$work/export.ndjson"
records=$(wc -l < "$work/export.ndjson" 2>/dev/null || echo 0)
distinct=$(python3 -c "import json, sys; print(len({json.loads(l)['id'] for l in open(sys.argv[1]) if l.strip()}))" "$work/export.ndjson" 2>/dev/null || echo 0)
note=""
if [ "$rc" != 0 ] || [ "$records" != "$read_total" ] || [ "$distinct" != "$read_total" ]; then
    note=" **exit $rc, $records records, $distinct distinct ids**"
    failures=$((failures + 1))
    head -c 2000 "$work/read-static.err" >&2
fi
read_row="| export $read_total users ($pages pages of 100) | static_list_server.py | $wall | $(ratio "$pages" "$wall" .1f) | $(ratio "$read_total" "$wall" .0f) | $cpu | $(ratio "$cpu" "$pages" .5f | python3 -c 'import sys; v = sys.stdin.read().strip(); print(v if v == "-" else f"{float(v) * 1000:.2f}")') |$note"

# ---------------------------------------------------------------- the table
echo
echo "scimstream $("$bin" --version 2>/dev/null | head -1 | sed 's/^scimstream //'), scim2-server $SCIM2_SERVER_VERSION, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| run | service | --bulk | concurrency | seconds | users/s | client CPU s | client CPU ms/user | listen overflows |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "Listen overflows: connections the kernel dropped because a listen queue was full (ListenOverflows in"
echo "/proc/net/netstat, for the whole machine). scim2-server's test server is wsgiref with a backlog of 5,"
echo "so more connections at once than that wait for a SYN retransmission (1 s): a limit of the server."
echo
echo "| run | service | seconds | pages/s | users/s | client CPU s | client CPU ms/page |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
echo "$read_row"
if [ "$failures" -gt 0 ]; then
    echo
    echo "live-bench: $failures run(s) did not do what was asked (marked in bold)" >&2
    exit 1
fi
