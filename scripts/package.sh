#!/usr/bin/env bash
# Builds the release: the binary with the Swift runtime linked in statically, as an archive
# (dist/kafka-scenario-VERSION-linux-ARCH.tar.gz) and a .deb (dist/kafka-scenario_VERSION_ARCH.deb) whose Depends
# are derived from what the binary links (ldd, then dpkg -S for the owning package), so they follow the link set.
# The version comes from one place: `kafka-scenario --version` (KafkaScenario.version).
# Usage: scripts/package.sh [OUT_DIR]   (default dist/). Prints the two paths.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
build="${KAFKA_SCENARIO_RELEASE_BUILD:-.build-release}"

# FoundationNetworking (URLSession, for the http step) is linked in statically too; it calls libcurl, which stays a
# shared library (libcurl4-openssl-dev to build; libcurl4 at run time, found below like the others).
flags=(-c release --static-swift-stdlib --build-path "$build" -Xlinker -lcurl)
swift build "${flags[@]}" --product kafka-scenario >&2
binary="$(swift build "${flags[@]}" --show-bin-path)/kafka-scenario"
version=$("$binary" --version)
arch=$(dpkg --print-architecture)
case "$arch" in amd64) uname_arch=x86_64 ;; arm64) uname_arch=aarch64 ;; *) uname_arch="$arch" ;; esac

# The shared libraries the binary itself names (NEEDED; not their own dependencies, which their packages declare),
# found where ldd finds them, → the Debian packages that own them. A library no package owns (built by hand, or one
# of the Swift runtime's) is an error: the package would not start on a clean system.
if ldd "$binary" | grep -q 'not found'; then ldd "$binary" | grep 'not found' >&2; exit 1; fi
depends=()
for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  lib=$(ldd "$binary" | awk -v n="$soname" '$1 == n && $2 == "=>" { print $3 }')
  case "$soname" in ld-linux*) lib=$(ldd "$binary" | awk '/ld-linux/ { print $1 }') ;; esac
  [ -n "$lib" ] || { echo "error: ldd does not resolve $soname (needed by $binary)" >&2; exit 1; }
  real=$(readlink -f "$lib")
  owner=""
  for candidate in "$lib" "$real" "${lib/#\/lib\//\/usr\/lib\/}" "${real/#\/usr\/lib\//\/lib\/}" "${real/#\/lib\//\/usr\/lib\/}"; do
    owner=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
  done
  if [ -z "$owner" ]; then echo "error: $lib (needed by $binary) belongs to no Debian package" >&2; exit 1; fi
  depends+=("$owner")
done
mapfile -t depends < <(printf '%s\n' "${depends[@]}" | sort -u)
# Each at least the version built against (upstream part), so apt refuses an older one.
declared=()
for pkg in "${depends[@]}"; do
  v=$(dpkg-query -W -f='${Version}' "$pkg" | sed -E 's/^[0-9]+://; s/-[^-]*$//')
  declared+=("$pkg (>= $v)")
done
depends_line=$(printf '%s, ' "${declared[@]}")
depends_line=${depends_line%, }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"

# The .deb: the binary, shell completions, the README.
root="$stage/deb"
install -D -m 0755 "$binary" "$root/usr/bin/kafka-scenario"
strip --strip-unneeded "$root/usr/bin/kafka-scenario"
install -D -m 0644 README.md "$root/usr/share/doc/kafka-scenario/README.md"
"$binary" --generate-completion-script bash | install -D -m 0644 /dev/stdin "$root/usr/share/bash-completion/completions/kafka-scenario"
"$binary" --generate-completion-script zsh | install -D -m 0644 /dev/stdin "$root/usr/share/zsh/vendor-completions/_kafka-scenario"
"$binary" --generate-completion-script fish | install -D -m 0644 /dev/stdin "$root/usr/share/fish/vendor_completions.d/kafka-scenario.fish"
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: kafka-scenario
Version: $version
Architecture: $arch
Maintainer: kafka-scenario maintainers <kafka-scenario@localhost>
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Depends: $depends_line
Section: devel
Priority: optional
Description: run declarative Kafka test scenarios written in YAML
 Runs Kafka test scenarios (YAML) through librdkafka and writes JUnit XML,
 Markdown and JSON reports. The Swift runtime is linked in statically.
CONTROL
deb="$out/kafka-scenario_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2

# The archive: the same files under kafka-scenario-VERSION/, with DEPENDS naming the apt packages to install.
name="kafka-scenario-$version"
mkdir -p "$stage/$name/bin"
cp "$root/usr/bin/kafka-scenario" "$stage/$name/bin/"
cp -r "$root/usr/share" "$stage/$name/share"
printf '%s\n' "${depends[@]}" >"$stage/$name/DEPENDS"
archive="$out/$name-linux-$uname_arch.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$archive" "$name"

echo "$archive"
echo "$deb"
