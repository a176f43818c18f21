#!/usr/bin/env bash
# Debian packages the portal and its tests need; installs only what is missing.
set -euo pipefail
# WeasyPrint (completion certificates) needs Pango and HarfBuzz subsetting.
needed=(chromium chromium-driver fonts-noto-cjk poppler-utils gettext
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# The benchmarks' load generator.
if [ "${WITH_BENCH:-0}" = "1" ]; then
  needed+=(wrk)
fi
if [ "${WITH_SERVICES:-0}" = "1" ]; then
  needed+=(postgresql redis-server)
fi
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing Debian packages: ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
