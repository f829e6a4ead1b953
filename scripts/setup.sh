#!/usr/bin/env bash
# Set up osaaja on a fresh Debian machine with Python 3.11 (idempotent; safe to re-run).
#   scripts/setup.sh          system libraries for PDF output, .venv with osaaja installed
#   scripts/setup.sh --test   the same plus the test tools: pytest, ruff, Chromium, axe-core
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

# WeasyPrint needs Pango/HarfBuzz; DejaVu is the font the PDFs embed. Theming reads Finnish
# words with Voikko: the library (loaded by the PyPI binding `libvoikko` as libvoikko.so.1)
# and its Finnish dictionary (/usr/lib/voikko, where the library looks by default).
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core libvoikko1 voikko-fi)
if [ "$with_tests" = 1 ]; then
  packages+=(chromium poppler-utils)           # axe-core checks; pdftotext reads published PDFs
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3-venv)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "$with_tests" = 1 ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
  # axe-core runs inside Chromium in tests/test_accessibility.py; kept out of git.
  [ -f tests/_node/node_modules/axe-core/axe.min.js ] ||
    npm install --silent --no-audit --no-fund --prefix tests/_node axe-core@4 >/dev/null
else
  .venv/bin/pip install -q --disable-pip-version-check -e .
fi
echo "setup: ready (.venv)"
