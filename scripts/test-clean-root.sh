#!/usr/bin/env bash
# Proves the .deb on a clean Debian 12: unpacks a copy of the cached pristine root (scripts/debian-root.sh),
# installs the .deb there with apt (its dependencies come from the declared Depends, nothing else), then in a
# chroot with no network (a fresh network namespace, only loopback) runs `kafka-scenario init`, `validate` and
# `run` on the embedded broker. Needs root (chroot, mount). Usage: scripts/test-clean-root.sh DEB
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(readlink -f "$1")
cache="${KAFKA_SCENARIO_CACHE:-$HOME/.cache/kafka-scenario}"
started=$(date +%s)
tarball=$(scripts/debian-root.sh)

root=$(mktemp -d /tmp/kafka-scenario-clean-root.XXXXXX)
mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xzf "$tarball"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
# Downloaded .debs are kept between runs (apt checks them against the lists).
mkdir -p "$cache/apt-archives/partial"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives" && mounted+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/kafka-scenario.deb"

install() { chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/kafka-scenario.deb; }
if ! install >"$root/tmp/apt.log" 2>&1; then
  echo "apt-get install failed with the cached lists; updating them and trying again" >&2
  chroot "$root" apt-get update -qq
  install >"$root/tmp/apt.log" 2>&1 || { cat "$root/tmp/apt.log" >&2; exit 1; }
fi
grep -E '^(Setting up|Unpacking) ' "$root/tmp/apt.log" | sed 's/^/  apt: /' >&2 || true
installed=$(date +%s)

# The run, offline: a new network namespace has only loopback (brought up here), as on a runner with no egress.
unshare --net sh -c "ip link set lo up && chroot '$root' /bin/sh -ec '
  export HOME=/root LANG=C.UTF-8
  cd /tmp
  kafka-scenario --version
  kafka-scenario init kafka-tests
  kafka-scenario validate kafka-tests
  kafka-scenario run kafka-tests --report-dir kafka-tests/reports
  test -s kafka-tests/reports/junit.xml && test -s kafka-tests/reports/report.md && test -s kafka-tests/reports/results.json
'"
echo "clean Debian 12 root: installed in $((installed - started)) s, init + validate + run in $(( $(date +%s) - installed )) s" >&2
