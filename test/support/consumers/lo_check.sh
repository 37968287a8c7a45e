#!/usr/bin/env bash
# Consumer check: can LibreOffice Calc (headless) load the workbook and render it?
#
# Usage:  bash lo_check.sh FILE.xlsx OUTDIR
#
# Runs LibreOffice twice, each time with a fresh throw-away profile
# (-env:UserInstallation=file:///tmp/lo-check-XXXXXX, removed afterwards) and a 120 s timeout:
#   1. --convert-to pdf                      -> OUTDIR/<base>.pdf  (every printable sheet)
#   2. --convert-to csv (first sheet only)   -> OUTDIR/<base>.csv  (UTF-8, comma, "-quoted,
#      formatted values as shown; filter options token 12 = sheet number 1, LibreOffice >= 7.2)
# LibreOffice sometimes exits 0 and prints nothing when it cannot load a file, so success is
# judged by the output file existing and being non-empty, not by the exit status.
#
# Prints, e.g.:
#   lo_check: openpyxl-plain.xlsx
#   pdf: /tmp/out/openpyxl-plain.pdf pages=1 (1.9 s)
#   csv: /tmp/out/openpyxl-plain.csv lines=11 first="青山县2024年义务教育学校基础数据,,,,,,,,,,"  (1.7 s)
#   lo_check: OK
# Exit status: 0 OK; 1 usage; 3 LibreOffice could not load/convert the file (reason printed,
# LibreOffice's own output kept in OUTDIR/<base>.<fmt>.log); 4 timeout.
# Env: SOFFICE (default /usr/bin/soffice), LO_TIMEOUT (default 120).
# Do not run several at once on a 2-core machine; profiles never collide, but CPU does.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: lo_check.sh FILE.xlsx OUTDIR" >&2
  exit 1
fi
IN="$1"
OUT="$2"
SOFFICE=${SOFFICE:-/usr/bin/soffice}
LO_TIMEOUT=${LO_TIMEOUT:-120}
if [ ! -f "$IN" ]; then
  echo "lo_check: no such file: $IN" >&2
  exit 1
fi
mkdir -p "$OUT" || exit 1
OUT="$(cd "$OUT" && pwd)"
INABS="$(cd "$(dirname "$IN")" && pwd)/$(basename "$IN")"
FILE="$(basename "$IN")"
BASE="${FILE%.*}"
echo "lo_check: $FILE"

convert() { # convert <ext> <filter spec>; sets RESULT file, returns 0/3/4
  local ext="$1" spec="$2" tmp rc start end made
  tmp="$(mktemp -d /tmp/lo-check-XXXXXX)"   # fresh profile + private output folder
  rm -f "$OUT/$BASE.$ext"
  start=$(date +%s.%N)
  timeout --kill-after=10 "$LO_TIMEOUT" "$SOFFICE" --headless --norestore --nologo --nolockcheck \
    --nodefault "-env:UserInstallation=file://$tmp/profile" \
    --convert-to "$spec" --outdir "$tmp/out" "$INABS" >"$OUT/$BASE.$ext.log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  # with a sheet number in the CSV options LibreOffice names the file <base>-<sheet>.csv
  made="$(ls "$tmp/out/"*."$ext" 2>/dev/null | head -n 1)"
  [ -n "$made" ] && mv "$made" "$OUT/$BASE.$ext"
  rm -rf "$tmp"
  ELAPSED=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    echo "lo_check: FAIL: LibreOffice timed out after ${LO_TIMEOUT}s converting $FILE to $ext" >&2
    return 4
  fi
  if [ ! -s "$OUT/$BASE.$ext" ]; then
    local why
    why="$(grep -v -e '^convert ' -e 'javaldx' "$OUT/$BASE.$ext.log" | tr '\n' ' ' | sed 's/  */ /g')"
    [ -n "${why// /}" ] || why="LibreOffice printed nothing (exit $rc) and wrote no $ext"
    echo "lo_check: FAIL: could not load/convert $FILE to $ext: $why" >&2
    return 3
  fi
  rm -f "$OUT/$BASE.$ext.log"
  return 0
}

convert pdf pdf
rc=$?
[ $rc -eq 0 ] || exit $rc
PAGES=""
if command -v pdfinfo >/dev/null 2>&1; then
  PAGES="$(pdfinfo "$OUT/$BASE.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')"
fi
if [ -z "$PAGES" ]; then  # no poppler-utils: count page objects
  PAGES="$(LC_ALL=C grep -ac '/Type */Page[^s]' "$OUT/$BASE.pdf" || true) (approx.)"
fi
echo "pdf: $OUT/$BASE.pdf pages=$PAGES ($ELAPSED s)"

# Text CSV options: separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), start row 1,
# column formats (none), language 0, quoted-as-text false, detect special numbers true,
# save cell contents as shown true, export formulas false, remove space false, sheet 1
convert csv 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1'
rc=$?
[ $rc -eq 0 ] || exit $rc
LINES=$(wc -l <"$OUT/$BASE.csv")
FIRST=$(head -n 1 "$OUT/$BASE.csv" | tr -d '\r')
echo "csv: $OUT/$BASE.csv lines=$LINES first=\"$FIRST\" ($ELAPSED s)"
echo "lo_check: OK"
exit 0
