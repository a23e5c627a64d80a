#!/usr/bin/env bash
# Side-by-side comparison: scimstream and the tools users pick instead, on the same files, in one run.
#
#   Benchmarks/compare.sh [--size 100M] [--runs 3] [--install]
#
# Generates NDJSON and ListResponse files of about SIZE with scimstream-gen, then times
# scimstream and whichever of jq, gojq, mlr (Miller), python3 with orjson, and duckdb are
# installed, on three workloads:
#   1. NDJSON → NDJSON, password stripped, userName lower-cased
#   2. ListResponse → NDJSON, password stripped
#   3. NDJSON → CSV, 7 columns
# Each command runs RUNS times after one warm-up read of the input (page cache warm); the
# table shows the median wall time, MB/s (10^6 bytes of input per second), peak RSS from
# GNU time, and each tool's time divided by scimstream's (one thread): 50× means 50 times slower.
# --install fetches the tools: jq, gojq and miller from Debian, orjson and duckdb from PyPI
# into .build-compare/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
size=100M
runs=3
install=0
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --install) install=1; shift ;;
        *) echo "usage: $0 [--size 100M] [--runs 3] [--install]" >&2; exit 64 ;;
    esac
done
state=.build-compare
mkdir -p "$state"
if [ "$install" = 1 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq jq gojq miller time >/dev/null
    [ -x "$state/venv/bin/python" ] || python3 -m venv "$state/venv"
    "$state/venv/bin/pip" install -q --disable-pip-version-check orjson duckdb
fi
python=python3
[ -x "$state/venv/bin/python" ] && python="$state/venv/bin/python"

swift build -c release --product scimstream >/dev/null
swift build -c release --product scimstream-gen >/dev/null
bin=.build/release
work=$(mktemp -d /tmp/scimstream-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin/scimstream-gen" --bytes "$size" > "$work/users.ndjson"
"$bin/scimstream-gen" --bytes "$size" --layout list > "$work/list.json"
cat > "$work/orjson_strip.py" <<'PY'
import sys, orjson
out = sys.stdout.buffer
for line in sys.stdin.buffer:
    if not line.strip():
        continue
    o = orjson.loads(line)
    o.pop("password", None)
    if isinstance(o.get("userName"), str):
        o["userName"] = o["userName"].lower()
    out.write(orjson.dumps(o) + b"\n")
PY
cat > "$work/orjson_list.py" <<'PY'
import sys, orjson
out = sys.stdout.buffer
for o in orjson.loads(sys.stdin.buffer.read())["Resources"]:
    o.pop("password", None)
    out.write(orjson.dumps(o) + b"\n")
PY
cat > "$work/duckdb_run.py" <<'PY'
import sys, duckdb
con = duckdb.connect()
con.execute("SET threads = 1")
con.execute(sys.argv[1])
PY

have() { command -v "$1" >/dev/null 2>&1; }
has_module() { "$python" -c "import $1" >/dev/null 2>&1; }

# measure NAME INPUT COMMAND...: median seconds and peak RSS over $runs runs.
results=()
measure() {
    local workload=$1 name=$2 input=$3
    shift 3
    cat "$input" > /dev/null
    local times=() rss=0
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" bash -c "$*" > /dev/null 2> "$work/err" || {
            echo "  $name failed: $(head -c 300 "$work/err")" >&2
            return 0
        }
        read -r t m < "$work/time"
        times+=("$t")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    local bytes
    bytes=$(stat -c %s "$input")
    results+=("$workload|$name|$median|$bytes|$rss")
    printf '  %-44s %7.2f s\n' "$name" "$median" >&2
}

echo "input: $(stat -c %s "$work/users.ndjson") bytes NDJSON, $(stat -c %s "$work/list.json") bytes ListResponse, $(wc -l < "$work/users.ndjson") users; $runs runs each" >&2
W1="NDJSON → NDJSON, strip password, lower-case userName"
echo "$W1" >&2
measure "$W1" "scimstream --threads 1" "$work/users.ndjson" "$bin/scimstream --threads 1 --normalize-username $work/users.ndjson"
measure "$W1" "scimstream (2 threads)" "$work/users.ndjson" "$bin/scimstream --threads 2 --normalize-username $work/users.ndjson"
have jq && measure "$W1" "jq" "$work/users.ndjson" "jq -c 'del(.password) | .userName |= ascii_downcase' $work/users.ndjson"
have gojq && measure "$W1" "gojq" "$work/users.ndjson" "gojq -c 'del(.password) | .userName |= ascii_downcase' $work/users.ndjson"
have mlr && measure "$W1" "mlr (Miller)" "$work/users.ndjson" "mlr --ijsonl --ojsonl cut -x -f password then put '\$userName = tolower(\$userName)' $work/users.ndjson"
has_module orjson && measure "$W1" "python3 + orjson" "$work/users.ndjson" "$python $work/orjson_strip.py < $work/users.ndjson"
has_module duckdb && measure "$W1" "duckdb read_json → JSON (1 thread)" "$work/users.ndjson" \
    "$python $work/duckdb_run.py \"COPY (SELECT * EXCLUDE (password) REPLACE (lower(userName) AS userName) FROM read_json('$work/users.ndjson', format='newline_delimited')) TO '/dev/stdout' (FORMAT json)\""

W2="ListResponse → NDJSON, strip password"
echo "$W2" >&2
measure "$W2" "scimstream --threads 1" "$work/list.json" "$bin/scimstream --threads 1 $work/list.json"
have jq && measure "$W2" "jq (buffers the document)" "$work/list.json" "jq -c '.Resources[] | del(.password)' $work/list.json"
have gojq && measure "$W2" "gojq (buffers the document)" "$work/list.json" "gojq -c '.Resources[] | del(.password)' $work/list.json"
has_module orjson && measure "$W2" "python3 + orjson (buffers)" "$work/list.json" "$python $work/orjson_list.py < $work/list.json"

W3="NDJSON → CSV, 7 columns"
echo "$W3" >&2
cols="id,userName,displayName,active,title,externalId,created=meta.created"
measure "$W3" "scimstream --threads 1" "$work/users.ndjson" "$bin/scimstream --threads 1 --to csv --columns $cols $work/users.ndjson"
measure "$W3" "scimstream (2 threads)" "$work/users.ndjson" "$bin/scimstream --threads 2 --to csv --columns $cols $work/users.ndjson"
have mlr && measure "$W3" "mlr (Miller)" "$work/users.ndjson" "mlr --ijsonl --ocsv --allow-ragged-csv-input cut -o -f id,userName,displayName,active,title,externalId,meta.created $work/users.ndjson"
has_module duckdb && measure "$W3" "duckdb read_json → CSV (1 thread)" "$work/users.ndjson" \
    "$python $work/duckdb_run.py \"COPY (SELECT id, userName, displayName, active, title, externalId, meta.created AS created FROM read_json('$work/users.ndjson', format='newline_delimited')) TO '/dev/stdout' (HEADER)\""

# The table, in Markdown.
echo
echo "| workload | tool | seconds | MB/s | peak RSS | time ÷ scimstream (1 thread) |"
echo "|---|---|---:|---:|---:|---:|"
declare -A base
for row in "${results[@]}"; do
    IFS='|' read -r w name t bytes rss <<< "$row"
    [ "$name" = "scimstream --threads 1" ] && base[$w]=$t
done
for row in "${results[@]}"; do
    IFS='|' read -r w name t bytes rss <<< "$row"
    awk -v w="$w" -v n="$name" -v t="$t" -v b="$bytes" -v r="$rss" -v s="${base[$w]:-0}" 'BEGIN {
        mbs = (t > 0) ? b / 1e6 / t : 0
        ratio = (s > 0 && t > 0) ? sprintf("%.1f×", t / s) : "—"
        printf "| %s | %s | %.2f | %.0f | %.0f MB | %s |\n", w, n, t, mbs, r / 1024, ratio
    }'
done
