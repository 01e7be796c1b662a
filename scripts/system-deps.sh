#!/usr/bin/env bash
# The Debian packages two checks of `npm test` need, installed only when missing (a second run installs nothing):
# - chromium: check:chromium renders the CDNOW heatmap headless and checks the screenshot is not blank;
# - jupyter-nbconvert (+ jupyter-client): check:notebook executes docs/notebooks/quickstart.ipynb in the Deno kernel;
# - postgresql (initdb, pg_ctl): test/warehouse/sqlEquality.test.ts starts a throwaway server (temp data directory,
#   free localhost port, stopped after the test) to run the SQL of toSql; in CI that test fails without it.
# Run as root, or as a user with sudo. On a machine without apt (macOS, other distributions) install chromium and
# Jupyter's nbconvert yourself; this script then only checks that they are there.
set -euo pipefail
if ! command -v dpkg-query >/dev/null 2>&1; then
  command -v chromium >/dev/null 2>&1 && command -v jupyter-nbconvert >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && exit 0
  echo "system-deps: install chromium, jupyter-nbconvert and PostgreSQL (initdb, pg_ctl) (no apt on this machine)" >&2
  exit 1
fi
need=()
for pkg in chromium jupyter-nbconvert python3-jupyter-client postgresql; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ "${#need[@]}" -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "system-deps: apt-get install ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
