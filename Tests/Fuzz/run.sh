#!/usr/bin/env bash
# Builds and runs a libFuzzer target against the library sources.
#
#   Tests/Fuzz/run.sh reader|filter|nesting SECONDS [extra libFuzzer flags]
#
# Builds with -sanitize=fuzzer,address into .build-fuzz/, seeds the corpus from the vendored
# JSONTestSuite and SCIM fixtures (reader), filters.txt (filter) or a few small programs of
# deep nesting and long chains (nesting: see FuzzNesting.swift), and runs for SECONDS.
# Crashes land in .build-fuzz/artifacts-TARGET/; each one found becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?reader, filter or nesting}
seconds=${2:?seconds}
shift 2
out=.build-fuzz
mkdir -p "$out/corpus-$target" "$out/artifacts-$target"
binary="$out/fuzz-$target"
source="Tests/Fuzz/Fuzz$(tr '[:lower:]' '[:upper:]' <<< "${target:0:1}")${target:1}.swift"
if [ ! -x "$binary" ] || [ -n "$(find Sources/SCIMJSON Sources/SCIMStream "$source" -newer "$binary" -name '*.swift' | head -1)" ]; then
    echo "building $binary"
    # The JSON layer as its own module (as SwiftPM builds it), then the library and the target
    # as one module, so the target reaches the library's internals.
    mkdir -p "$out/modules"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name scimstream -module-name SCIMJSON \
        -emit-module -emit-module-path "$out/modules/SCIMJSON.swiftmodule" -emit-library -static \
        $(find Sources/SCIMJSON -name '*.swift' | sort) -o "$out/libSCIMJSON.a"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name scimstream -module-name SCIMStream \
        -I "$out/modules" $(find Sources/SCIMStream -name '*.swift' | sort) "$source" "$out/libSCIMJSON.a" -o "$binary"
fi
seeds="$out/seeds-$target"
if [ ! -d "$seeds" ]; then
    mkdir -p "$seeds"
    if [ "$target" = reader ]; then
        n=0
        for f in Tests/SCIMStreamTests/Fixtures/JSONTestSuite/test_parsing/*.json Tests/SCIMStreamTests/Fixtures/scim/*.json samples/users.ndjson; do
            # Prefix a control byte: format, policy and chunk size vary across seeds.
            { printf "\\x$(printf %02x $((n % 64)))"; head -c 65536 "$f"; } > "$seeds/$(basename "$f")"
            n=$((n + 1))
        done
    elif [ "$target" = nesting ]; then
        # (op, count) byte pairs: 300 '(' then close; 50,000 'not ('; 60,000 'and' terms;
        # 20,000 'emails['; 200 mixed levels with chains inside, closed.
        printf '\x00\xff\x09\x00' > "$seeds/parens"
        printf '\x02\xb2\x09\x00' > "$seeds/not"
        printf '\x07\x00\x05\xbc\x09\x00' > "$seeds/chain"
        printf '\x03\x94\x09\x00' > "$seeds/brackets"
        printf '\x00\x40\x06\x05\x03\x40\x05\x03\x02\x40\x09\x00\x06\x10' > "$seeds/mixed"
    else
        grep -v '^#\|^=' Tests/SCIMStreamTests/Fixtures/scim/filters.txt | grep ' ⟶ ' | sed 's/ ⟶ .*//; s/^PATH //' |
            awk -v dir="$seeds" '{ f = dir "/seed" NR; printf "%s", $0 > f; close(f) }'
    fi
fi
if [ "$target" = reader ] && [ ! -e "$seeds/secret-0-0" ]; then
    # Records whose password is the distinctive secret FuzzReader looks for in reports.
    templates=(
        '{"id":"1","userName":"alice","password":"Zq7Xw9Kp","title":"Agent"}\n{"id":"2"}\n'
        '{"id":"1","name":{"givenName":"B","password":"Zq7Xw9Kp"},"emails":[{"value":"a@b","password":"Zq7Xw9Kp"}]}\n'
        '{"totalResults":2,"Resources":[{"id":"1","PassWord":"Zq7Xw9Kp","x":1},{"id":"2","urn:ietf:params:scim:schemas:core:2.0:User:password":"Zq7Xw9Kp"}]}'
        '[{"id":"1","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"password":"Zq7Xw9Kp"}},\n{"password":\n "Zq7Xw9Kp"}]'
        '{"id":"1","password":"Zq"7Xw9Kp"}\n{"id":"2","password" "Zq7Xw9Kp"}\n{"id":"3","password":1Zq7Xw9Kp}\n'
    )
    for t in "${!templates[@]}"; do
        for c in 0 4 5 6 7 12 61; do
            { printf "\\x$(printf %02x $c)"; printf '%b' "${templates[$t]}"; } > "$seeds/secret-$t-$c"
        done
    done
fi
# -detect_leaks=0 and detect_leaks=0 for AddressSanitizer's own check at exit: LeakSanitizer
# reports the default CSV columns, built once, as 160 bytes leaked (it cannot follow Swift's
# tagged enum payloads); see README, Fuzzing. SWIFT_BACKTRACE=enable=no: the Swift crash
# handler's helper process can hang under the sanitizer, so a finding would stop the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
dict=()
if [ "$target" = reader ]; then
    printf '%s\n' '"\"password\""' '"\"Zq7Xw9Kp\""' '"Zq7Xw9Kp"' '"\":\""' '"\\u0061"' '"urn:ietf:params:scim:schemas:core:2.0:User:"' > "$out/reader.dict"
    dict=(-dict="$out/reader.dict")
fi
# A nesting input can build a 4 MB filter (320,000 terms): linear, but ~5 s under the
# sanitizer and longer on a loaded machine, so its time limit per input is higher.
timeout=10
[ "$target" = nesting ] && timeout=60
exec "$binary" "$out/corpus-$target" "$seeds" "${dict[@]}" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -detect_leaks=0 \
    -artifact_prefix="$out/artifacts-$target/" -print_final_stats=1 "$@"
