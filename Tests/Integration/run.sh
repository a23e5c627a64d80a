#!/usr/bin/env bash
# The three user journeys, end to end against real systems (run by .ci/run after swift test):
#   1. piping large exports: curl | scimstream | gzip, zcat | scimstream, several files, | head
#   2. tenant migration against a real SCIM server (scim2-server, two tenants, /Bulk, lowered limits)
#   3. warehouse loading into DuckDB and PostgreSQL
# plus GNU parallel sharding and the README's Spark recipe (spark.sh: PySpark's rdd.pipe, Java and PySpark
# installed there), then the live SCIM services of Tests/Integration/live (their selftest and
# migrate_test.py), then shapes.py (the tool's output for a target accepted by scim2-server). Installs what it needs (Debian packages, a Python virtual environment under
# .build-integration/), starts and stops every server itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /tmp/scimstream-integration.XXXXXX)
state="$root/.build-integration"
mkdir -p "$state"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    if [ -n "${pgdata:-}" ] && [ -d "$pgdata" ]; then as_postgres pg_ctl -D "$pgdata" stop -m fast >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "integration failure: $*" >&2; exit 1; }

step "install: Debian packages and a Python virtual environment"
missing=()
command -v parallel >/dev/null || missing+=(parallel)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
command -v pigz >/dev/null || missing+=(pigz)
command -v man >/dev/null || missing+=(man-db)
command -v fish >/dev/null || missing+=(fish)
# scimstream loads libcurl (dlopen) for http(s):// inputs and --to scim
ldconfig -p 2>/dev/null | grep -q 'libcurl\.so\.4' || missing+=(libcurl4)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x "$state/venv/bin/python" ]; then python3 -m venv "$state/venv"; fi
"$state/venv/bin/pip" install -q --disable-pip-version-check scim2-server duckdb pyarrow
py="$state/venv/bin/python"

step "build (release)"
swift build -c release --product scimstream >/dev/null
swift build -c release --product scimstream-gen >/dev/null
export PATH="$root/.build/release:$PATH"
scimstream --version

# --------------------------------------------------------------------------------------
step "journey 2: migration between tenants against scim2-server"
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_server() {  # start_server PORT [service-provider-config.json]
    local extra=()
    [ -n "${2:-}" ] && extra=(--service-provider-config "$2")
    "$state/venv/bin/scim2-server" --hostname 127.0.0.1 --port "$1" --tenant source --tenant target "${extra[@]}" \
        >"$work/server-$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/source/v2/ServiceProviderConfig" && return 0
        sleep 0.1
    done
    cat "$work/server-$1.log" >&2
    fail "scim2-server did not start on port $1"
}
port=$(free_port)
start_server "$port"
base="http://127.0.0.1:$port"
"$py" Tests/Integration/migration.py load "$base" 300
"$py" Tests/Integration/migration.py export "$base" "$work/export.json" 40
scimstream "$work/export.json" --from list --for-create --id-to-external-id \
    --replace-domain source.example.com=target.example.org \
    --to bulk --bulk-max-operations 25 -o "$work/bulk/" --stats
"$py" Tests/Integration/migration.py check-bulk "$work/bulk"
"$py" Tests/Integration/migration.py post "$base" "$work/bulk"
"$py" Tests/Integration/migration.py verify "$base" "$work/export.json" source.example.com target.example.org

step "journey 2b: the target advertises lower Bulk limits"
cat > "$work/spc-low.json" <<'JSON'
{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
 "patch": {"supported": true}, "bulk": {"supported": true, "maxOperations": 7, "maxPayloadSize": 6000},
 "filter": {"supported": true, "maxResults": 1000}, "changePassword": {"supported": true},
 "sort": {"supported": true}, "etag": {"supported": true}}
JSON
port2=$(free_port)
start_server "$port2" "$work/spc-low.json"
base2="http://127.0.0.1:$port2"
"$py" Tests/Integration/migration.py load "$base2" 120
"$py" Tests/Integration/migration.py export "$base2" "$work/export2.json" 50
curl -sf "$base2/target/v2/ServiceProviderConfig" > "$work/target-spc.json"
scimstream "$work/export2.json" --for-create --id-to-external-id --replace-domain source.example.com=target.example.org \
    --to bulk --bulk-max-operations 50 > "$work/too-big.ndjson"
"$py" Tests/Integration/migration.py post-expect-413 "$base2" "$work/too-big.ndjson"
scimstream "$work/export2.json" --for-create --id-to-external-id --replace-domain source.example.com=target.example.org \
    --to bulk --bulk-limits-from "$work/target-spc.json" -o "$work/bulk2/"
for f in "$work"/bulk2/bulk-*.json; do
    [ "$(wc -c < "$f")" -le 6000 ] || fail "$f is over maxPayloadSize"
done
"$py" Tests/Integration/migration.py post "$base2" "$work/bulk2"
"$py" Tests/Integration/migration.py verify "$base2" "$work/export2.json" source.example.com target.example.org

# --------------------------------------------------------------------------------------
step "journey 1: piping large exports"
n=$(curl -sf "$base/source/v2/Users?startIndex=1&count=1000" | scimstream --from list --normalize-username | gzip | tee "$work/users.ndjson.gz" | zcat | wc -l)
[ "$n" -eq 300 ] || fail "curl | scimstream | gzip gave $n users, expected 300"
zcat "$work/users.ndjson.gz" | "$py" -c 'import json,sys; assert all(json.loads(l)["userName"] == json.loads(l)["userName"].lower() for l in sys.stdin)' \
    || fail "user names not lower-cased"
rows=$(zcat "$work/users.ndjson.gz" | scimstream --to csv | "$py" -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)))')
[ "$rows" -eq 301 ] || fail "zcat | scimstream --to csv gave $rows rows, expected 301"
# gzip read directly (any name, stdin too), as gzip -9 and pigz write it, and concatenated members
scimstream-gen 30000 > "$work/gz-plain.ndjson"
scimstream "$work/gz-plain.ndjson" --threads 1 --normalize-username > "$work/gz-want.ndjson"
gzip -9 -c "$work/gz-plain.ndjson" > "$work/gz9.json"
pigz -c -p 2 -b 128 "$work/gz-plain.ndjson" > "$work/pigz.ndjson.gz"
split -n l/3 "$work/gz-plain.ndjson" "$work/gz-part-"
for part in "$work"/gz-part-*; do gzip -1 -c "$part"; done > "$work/members.gz"
for f in "$work/gz9.json" "$work/pigz.ndjson.gz" "$work/members.gz"; do
    scimstream "$f" --normalize-username | cmp - "$work/gz-want.ndjson" || fail "$(basename "$f"): not the records of the plain file"
done
scimstream --normalize-username < "$work/pigz.ndjson.gz" | cmp - "$work/gz-want.ndjson" || fail "gzip on standard input"
head -c 100000 "$work/gz9.json" > "$work/cut.gz"
if scimstream "$work/cut.gz" > /dev/null 2> "$work/cut.err"; then fail "a cut gzip file was read without error"; fi
grep -q "bad gzip data at compressed byte 100000: the compressed data ends too early" "$work/cut.err" || fail "cut gzip: $(cat "$work/cut.err")"
echo "gzip -9, pigz and three concatenated members read directly: the records of the plain file; a cut file is an error"
# Several files in one run: the pages of the export, one file each, give the same users as the whole export.
"$py" - "$work/export.json" "$work/page" <<'PY'
import json, sys
text, dec, i, k = open(sys.argv[1], encoding="utf-8").read(), json.JSONDecoder(), 0, 0
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i == len(text): break
    page, i = dec.raw_decode(text, i); k += 1
    open(f"{sys.argv[2]}-{k:02d}.json", "w", encoding="utf-8").write(json.dumps(page, ensure_ascii=False))
PY
scimstream "$work"/page-*.json > "$work/several.ndjson"
scimstream "$work/export.json" > "$work/whole.ndjson"
cmp "$work/several.ndjson" "$work/whole.ndjson" || fail "several files differ from the whole export"
# A reader that stops early: quiet, exit 0, no message.
scimstream-gen 200000 > "$work/big.ndjson"
set +o pipefail
scimstream "$work/big.ndjson" 2>"$work/head.err" | head -n 5 > "$work/head.out"
status=${PIPESTATUS[0]}
set -o pipefail
[ "$status" -eq 0 ] || fail "scimstream exited $status when its reader stopped early"
[ ! -s "$work/head.err" ] || fail "scimstream printed on stderr when its reader stopped early: $(cat "$work/head.err")"
[ "$(wc -l < "$work/head.out")" -eq 5 ] || fail "head did not get 5 lines"
echo "pipes: curl | scimstream | gzip, zcat | scimstream --to csv, several files, | head -n 5: all fine"

# --------------------------------------------------------------------------------------
step "newcomer: README's quick start, install steps, man page, completions, the library example"
.build/release/scimstream samples/users-pages.json | head -n 3 | "$py" -c 'import json,sys; assert len([json.loads(l) for l in sys.stdin]) == 3'
[ "$(.build/release/scimstream samples/users.ndjson --to csv --columns-preset minimal | head -n 4 | wc -l)" -eq 4 ] || fail "quick start CSV"
prefix="$work/home/.local"
install -D -m 755 .build/release/scimstream "$prefix/bin/scimstream"
install -D -m 644 Sources/scimstream/man/scimstream.1 "$prefix/share/man/man1/scimstream.1"
install -D -m 644 Sources/scimstream/completions/scimstream.bash "$prefix/share/bash-completion/completions/scimstream"
install -D -m 644 Sources/scimstream/completions/scimstream.fish "$work/home/.config/fish/completions/scimstream.fish"
MANPATH="$prefix/share/man" MANWIDTH=80 man -P cat scimstream 2>/dev/null | grep -q "SCIMSTREAM_CONFIG" || fail "man scimstream after the install steps"
got=$(bash -c "source '$prefix/share/bash-completion/completions/scimstream'; COMP_WORDS=(scimstream --columns-p); COMP_CWORD=1; _scimstream; echo \"\${COMPREPLY[*]}\"")
[ "$got" = "--columns-preset" ] || fail "bash completion: got '$got'"
got=$(HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" fish -c 'complete -C "scimstream --to p"' | cut -f1)
[ "$got" = "parquet" ] || fail "fish completion: got '$got'"
mkdir -p "$work/lib"
cp -r Tests/Integration/library-example "$work/lib/app"
ln -s "$root" "$work/lib/scimstream"   # the clone's folder may have any name: a link names it
(cd "$work/lib/app" && swift build -q 2>&1 | tail -5)
gzip -c samples/users-pages.json | "$work/lib/app/.build/debug/UsersToCSV" 2>/dev/null > "$work/lib.csv"
scimstream samples/users-pages.json --normalize-username --to csv --columns-preset minimal | cmp - "$work/lib.csv" ||
    fail "the library example's CSV differs from scimstream's"
echo "quick start, install (man, bash and fish completions) and the library example: as the README says"

# --------------------------------------------------------------------------------------
step "sharding with GNU parallel: the same records as one run"
scimstream-gen --bytes 40M > "$work/shard.ndjson"
scimstream "$work/shard.ndjson" --normalize-username > "$work/one-run.ndjson"
parallel --pipepart --block 8M -k -a "$work/shard.ndjson" scimstream --normalize-username > "$work/sharded.ndjson"
cmp "$work/one-run.ndjson" "$work/sharded.ndjson" || fail "parallel --pipepart output differs from one run"
echo "parallel --pipepart --block 8M: $(wc -l < "$work/sharded.ndjson") records, identical to one run"

# --------------------------------------------------------------------------------------
# The README's Spark recipe: PySpark (installed with Java by spark.sh) pipes partitions through scimstream
bash Tests/Integration/spark.sh "$py" "$work"

# --------------------------------------------------------------------------------------
step "journey 3: warehouse loading into DuckDB"
"$py" Tests/Integration/warehouse.py tricky "$work/tricky.ndjson"
cat "$work/tricky.ndjson" samples/users.ndjson > "$work/warehouse.ndjson"
scimstream "$work/warehouse.ndjson" --to csv -o "$work/users.csv"
"$py" Tests/Integration/warehouse.py duckdb "$work/users.csv" "$work/warehouse.ndjson"
# The users of the SCIM fixture corpus (other products' shapes: "Primary", "active": "True", …)
"$py" Tests/Integration/warehouse.py corpus Tests/SCIMStreamTests/Fixtures/scim "$work/corpus.ndjson"
scimstream "$work/corpus.ndjson" --to csv -o "$work/corpus.csv"
"$py" Tests/Integration/warehouse.py duckdb "$work/corpus.csv" "$work/corpus.ndjson"

step "journey 3: Parquet read by pyarrow and DuckDB"
scimstream "$work/warehouse.ndjson" --to parquet -o "$work/users.parquet"
"$py" Tests/Integration/warehouse.py parquet "$work/users.parquet" "$work/warehouse.ndjson"
# A value unfit for its typed column rejects its user (exit 65; with skip the others load)
if scimstream "$work/corpus.ndjson" --to parquet -o "$work/corpus.parquet" 2>/dev/null; then
    fail "a string in the boolean column active did not stop --to parquet"
fi
scimstream "$work/corpus.ndjson" --to parquet -o "$work/corpus.parquet" --on-error skip -q
"$py" Tests/Integration/warehouse.py parquet "$work/corpus.parquet" "$work/corpus.ndjson"
# Many row groups and pages: 20,000 users in row groups of 4 MiB
scimstream-gen 20000 > "$work/parquet-users.ndjson"
scimstream "$work/parquet-users.ndjson" --to parquet --row-group-size 4M -o "$work/many.parquet"
"$py" Tests/Integration/warehouse.py parquet "$work/many.parquet" "$work/parquet-users.ndjson" 3

step "journey 3: warehouse loading into PostgreSQL"
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
pgroot="$work/pg"
pgdata="$pgroot/data"
mkdir -p "$pgroot"
if [ "$(id -u)" = 0 ]; then
    chmod o+x "$work"
    chown postgres "$pgroot"
    as_postgres() { runuser -u postgres -- "$pgbin/$1" "${@:2}"; }
else
    as_postgres() { "$pgbin/$1" "${@:2}"; }
fi
pgport=$(free_port)
as_postgres initdb -D "$pgdata" -A trust -U postgres -E UTF8 >/dev/null
as_postgres pg_ctl -D "$pgdata" -o "-k $pgroot -p $pgport -c listen_addresses=''" -l "$pgroot/log" -w start >/dev/null
psql_do() { psql -X -q -v ON_ERROR_STOP=1 -h "$pgroot" -p "$pgport" -U postgres "$@"; }
psql_do -f samples/scim_users.sql
scimstream "$work/warehouse.ndjson" --to csv | psql_do -c "COPY scim_users FROM STDIN WITH (FORMAT csv, HEADER true)"
psql_do -At -c 'SELECT json_agg(u ORDER BY id) FROM scim_users u' > "$work/pg-rows.json"
"$py" Tests/Integration/warehouse.py postgres "$work/pg-rows.json" "$work/warehouse.ndjson"
# TSV in PostgreSQL's text format: \N is NULL, an empty field is ''; snake_case headers that
# COPY ... HEADER MATCH checks against the table's column names
psql_do -c "CREATE TABLE tsv_users (id text, user_name text, title text, manager_id text)"
scimstream "$work/warehouse.ndjson" --to tsv --header-case snake \
    --columns 'id,userName,title,managerId=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value' |
    psql_do -c "COPY tsv_users FROM STDIN WITH (FORMAT text, HEADER match)"
got=$(psql_do -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE title IS NULL), count(*) FILTER (WHERE title = ''), count(*) FILTER (WHERE manager_id IS NULL) FROM tsv_users")
want=$("$py" -c '
import json, sys
users = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
def is_null(v): return v is None or v == [] or v == {} or (isinstance(v, list) and all(is_null(x) for x in v))
def manager(u):
    m = (u.get(ent) or {}).get("manager") if isinstance(u.get(ent), dict) else None
    return m.get("value") if isinstance(m, dict) else None
print(len(users), sum(1 for u in users if is_null(u.get("title"))), sum(1 for u in users if u.get("title") == ""),
      sum(1 for u in users if is_null(manager(u))))' "$work/warehouse.ndjson")
[ "$got" = "$want" ] || fail "TSV NULLs in PostgreSQL: got '$got' (rows, null titles, empty titles, null managers), want '$want'"
echo "TSV into PostgreSQL: rows, NULL titles, '' titles, NULL managers = $got"
# The table made by --emit-ddl (typed: boolean, timestamptz), loaded from CSV with snake_case headers
scimstream --emit-ddl postgres --header-case snake | sed 's/^CREATE TABLE "scim_users"/CREATE TABLE ddl_users/' | psql_do
scimstream "$work/warehouse.ndjson" --to csv --header-case snake |
    psql_do -c "COPY ddl_users FROM STDIN WITH (FORMAT csv, HEADER match)"
got=$(psql_do -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE active), count(*) FILTER (WHERE created IS NOT NULL), pg_typeof(min(created)) FROM ddl_users")
want=$("$py" -c '
import json, sys
users = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(len(users), sum(1 for u in users if u.get("active") is True),
      sum(1 for u in users if isinstance(u.get("meta"), dict) and u["meta"].get("created")), "timestamp with time zone")' "$work/warehouse.ndjson")
[ "$got" = "$want" ] || fail "CSV through --emit-ddl postgres: got '$got', want '$want'"
echo "CSV into the --emit-ddl table: rows, active, created, type of created = $got"
as_postgres pg_ctl -D "$pgdata" stop -m fast >/dev/null
pgdata=""

# --------------------------------------------------------------------------------------
run_live() {  # the live SCIM services of Tests/Integration/live: their selftest, then the tool against them
    step "live services: harness selftest (fault proxy, OAuth token endpoint, Genesys mock)"
    bash Tests/Integration/live/harness.sh --selftest || fail "the live harness selftest failed"
    step "live services: scimstream against scim2-server behind the fault proxy, and the Genesys mock"
    SCIMSTREAM="$root/.build/release/scimstream" bash Tests/Integration/live/harness.sh --env-dir "$work/live" -- \
        python3 Tests/Integration/live/migrate_test.py || fail "migrate_test.py failed"
}
run_live

run_shapes() {  # what scimstream writes for a target is accepted by scim2-server (RFC 7643 shapes, versions)
    step "shapes: scimstream's output accepted by scim2-server (Genesys schema and stock), versions, If-Match"
    SCIMSTREAM="$root/.build/release/scimstream" SCIM2_SERVER="$state/venv/bin/scim2-server" \
        python3 Tests/Integration/shapes.py || fail "shapes.py failed"
}
run_shapes

printf '\nINTEGRATION OK\n'
