#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses for bookworm (from /etc/apt/sources.list and sources.list.d,
# one-line or deb822), so that the clean root comes from the same place as everything else.
set -euo pipefail
shopt -s nullglob
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  url=$(awk '$1=="deb" && / bookworm( |$)/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
  [ -n "$url" ] && { echo "$url"; exit 0; }
done
for f in /etc/apt/sources.list.d/*.sources; do
  url=$(awk 'BEGIN{RS=""; FS="\n"}
    /(^|\n)Suites:[^\n]*bookworm( |\n|$)/ && !/security/ {
      for (i=1;i<=NF;i++) if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); print a[2]; exit } }' "$f")
  [ -n "$url" ] && { echo "$url"; exit 0; }
done
echo "error: no bookworm mirror in /etc/apt/sources.list*" >&2
exit 1
