#!/usr/bin/env bash
# Instruction counts per input byte of the six pipelines of issue 15, exact under callgrind,
# against the budget committed in Benchmarks/callgrind-budget.txt. Fails when a count rises
# more than 3 % above its budget; lower a budget in the commit that earns it.
#   Benchmarks/callgrind-budget.sh            check (CI runs this)
#   Benchmarks/callgrind-budget.sh --write    print a budget file of the counts measured now
# One thread, 5,000 generated users (scimstream-gen 5000, fixed seed), the start-up (a run on
# an empty input) subtracted. Installs valgrind from Debian when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >/dev/null
fi
swift build -c release --product scimstream >/dev/null
swift build -c release --product scimstream-gen >/dev/null
bin=.build/release/scimstream
work=$(mktemp -d /tmp/scimstream-callgrind.XXXXXX)
trap 'rm -rf "$work"' EXIT
.build/release/scimstream-gen 5000 > "$work/users.ndjson"
.build/release/scimstream-gen 5000 --layout list > "$work/users.json"
: > "$work/empty.ndjson"

count() {  # count FILE ARGS...: instructions of one run
    local file=$1; shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --threads 1 "$@" -o "$work/out" "$file" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
start=$(count "$work/empty.ndjson")
pipelines=(
    "plain|users.ndjson|"
    "normalize-username|users.ndjson|--normalize-username"
    "filter|users.ndjson|--filter|active eq true and emails[type eq \"work\"].value ew \".com\""
    "listresponse|users.json|"
    "for-create-bulk|users.ndjson|--for-create|--to|bulk"
    "csv|users.ndjson|--to|csv"
)
failed=0
[ "${1:-}" = "--write" ] && echo "# pipeline instructions-per-input-byte (Benchmarks/callgrind-budget.sh --write)"
for entry in "${pipelines[@]}"; do
    IFS='|' read -r -a parts <<< "$entry"
    name=${parts[0]} file="$work/${parts[1]}"
    args=("${parts[@]:2}")
    [ ${#args[@]} -eq 1 ] && [ -z "${args[0]}" ] && args=()
    total=$(count "$file" "${args[@]}")
    bytes=$(stat -c %s "$file")
    per=$(awk -v t="$total" -v s="$start" -v b="$bytes" 'BEGIN { printf "%.3f", (t - s) / b }')
    if [ "${1:-}" = "--write" ]; then
        echo "$name $per"
        continue
    fi
    budget=$(awk -v n="$name" '$1 == n { print $2 }' Benchmarks/callgrind-budget.txt)
    [ -n "$budget" ] || { echo "no budget for $name in Benchmarks/callgrind-budget.txt"; failed=1; continue; }
    verdict=$(awk -v p="$per" -v b="$budget" 'BEGIN { print (p > b * 1.03) ? "OVER" : "ok" }')
    printf '%-20s %8s instructions/byte  budget %6s  %s\n' "$name" "$per" "$budget" "$verdict"
    [ "$verdict" = ok ] || failed=1
done
[ "${1:-}" = "--write" ] || echo "start-up: $start instructions (subtracted)"
exit $failed
