#!/usr/bin/env bash
# Prints the path of a pristine Debian 12 root (debootstrap --variant=minbase, bookworm) as a tarball, made once
# and cached in ~/.cache/kafka-scenario (CI pays for it once). The mirror is the one apt on this machine uses.
set -euo pipefail
cache="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}"
tarball="$cache/debian12-minbase.tar.gz"
if [ -s "$tarball" ]; then echo "$tarball"; exit 0; fi

mirror=$(scripts/apt-mirror.sh)
work=$(mktemp -d "$cache/debian12-root.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "debootstrap --variant=minbase bookworm from $mirror (once; cached in $tarball)" >&2
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2; exit 1; }
# The lists of the same mirror, so that installing into a copy needs no `apt-get update`... made here once.
printf 'deb %s bookworm main\n' "$mirror" >"$work/root/etc/apt/sources.list"
cp /etc/resolv.conf "$work/root/etc/resolv.conf"
chroot "$work/root" apt-get update -qq >&2
rm -f "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" -czf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
