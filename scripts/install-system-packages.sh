#!/usr/bin/env bash
# System packages the portal needs: Chromium for browser tests, poppler-utils to check PDFs,
# Pango for WeasyPrint, SoftHSM for the PKCS#11 signer, NSS tools (certutil) so pdfsig can
# trust the internal CA, gettext for the catalogues, and the
# Times-metric serif fonts for documents. Installs only what is missing; needs root for apt.
set -euo pipefail

packages=(chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 softhsm2 libnss3-tools gettext fonts-liberation2 fontconfig)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-packages: no apt-get; install by hand: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-packages: not root; browser and PDF tests will be skipped. Missing: ${missing[*]}" >&2
    exit 0
  fi
fi
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
