#!/usr/bin/env bash
# Counts, per module, the public declarations and the raw-pointer sites: the numbers the
# module split (issue 12) is measured by.
#   Benchmarks/api-surface.sh [MODULE_DIR ...]   (default: Sources/SCIMJSON Sources/SCIMStream Sources/SCIMStreamTool)
# Public declarations: lines declaring a func/var/let/init/subscript/type/extension with `public`
# or `open`. Raw-pointer sites: non-comment lines naming Unsafe*Pointer, withUnsafe…,
# unsafeBitCast or unsafeUninitialized.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(Sources/SCIMJSON Sources/SCIMStream Sources/SCIMStreamTool)
decl='^\s*(@[A-Za-z_]+(\([^)]*\))?\s+)*(public|open)\s+((static|final|mutating|nonmutating|override|convenience|required|indirect|private\(set\)|internal\(set\)|package\(set\))\s+)*(func|var|let|init|struct|enum|class|protocol|typealias|subscript|actor|extension)\b'
unsafe='Unsafe(Mutable)?(Raw)?(Buffer)?Pointer|withUnsafe|unsafeBitCast|unsafeUninitialized'
printf '%-26s %8s %14s %12s\n' module public unsafe-files unsafe-lines
for d in "${dirs[@]}"; do
    files=$(find "$d" -name '*.swift' | sort)
    public=$(cat $files | grep -cE "$decl" || true)
    total=$(echo "$files" | wc -l)
    ufiles=$(grep -lE "$unsafe" $files | wc -l || true)
    ulines=$(cat $files | grep -E "$unsafe" | grep -vcE '^\s*//' || true)
    printf '%-26s %8s %8s of %-3s %12s\n' "$d" "$public" "$ufiles" "$total" "$ulines"
done
