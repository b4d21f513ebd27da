#!/usr/bin/env bash
# Install the Debian packages named as arguments when missing: by apt-get when we are root,
# otherwise print the exact command for an administrator. Never fails the build by itself:
# what is missing is reported again, plainly, by whatever needs it.
set -u
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian system: install the equivalents of: ${missing[*]}"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "Could not install ${missing[*]}; run: apt-get install -y --no-install-recommends ${missing[*]}"
else
  echo "Missing Debian packages. Ask an administrator to run:"
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
fi
exit 0
