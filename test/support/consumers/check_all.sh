#!/usr/bin/env bash
# Runs the three consumer checks on every .xlsx given (or in a folder) and times each one.
#
# Usage:  bash check_all.sh [FILE.xlsx|DIR]...   (default: test/fixtures/producers)
#         OUT=/tmp/consumer-out bash check_all.sh ...   (where PDFs/CSVs/JSON go)
# For each file: inventory.py (JSON saved as OUT/<base>.inventory.json), xml_check.py,
# lo_check.sh (PDF + CSV in OUT). Prints one line per file and check with its time, then
# "N passed, M failed". Exit 1 if any check failed. LibreOffice runs one at a time.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
OUT=${OUT:-/tmp/consumer-out}
mkdir -p "$OUT"
[ $# -gt 0 ] || set -- "$HERE/../../fixtures/producers"
files=()
for a in "$@"; do
  if [ -d "$a" ]; then for f in "$a"/*.xlsx; do [ -e "$f" ] && files+=("$f"); done; else files+=("$a"); fi
done
pass=0; fail=0
now() { date +%s.%N; }
run() { # run <label> <file> <cmd...>
  local label="$1" f="$2" t0 t1 rc; shift 2
  t0=$(now); "$@" >"$OUT/last.log" 2>&1; rc=$?; t1=$(now)
  local secs; secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  if [ $rc -eq 0 ]; then pass=$((pass+1)); printf 'ok    %-10s %6ss  %s\n' "$label" "$secs" "$(basename "$f")"
  else fail=$((fail+1)); printf 'FAIL  %-10s %6ss  %s (exit %d)\n' "$label" "$secs" "$(basename "$f")" "$rc"; sed 's/^/      /' "$OUT/last.log"; fi
}
for f in "${files[@]}"; do
  base="$(basename "$f" .xlsx)"
  run inventory "$f" sh -c '"$0" "$1" "$2" > "$3"' "$PY" "$HERE/inventory.py" "$f" "$OUT/$base.inventory.json"
  run xml_check "$f" "$PY" "$HERE/xml_check.py" "$f" --quiet
  run lo_check "$f" bash "$HERE/lo_check.sh" "$f" "$OUT"
done
rm -f "$OUT/last.log"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
