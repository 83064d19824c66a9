#!/usr/bin/env bash
# Build the Linux desktop bundle (PyInstaller, one folder) and its archive:
#   bash packaging/build.sh              on a fresh Debian with Python 3.11
#   bash packaging/build.sh --no-tar     the folder only (CI: the tarball adds nothing to test)
# Produces packaging/dist/product-image-reviewer-VERSION-linux-x86_64/ (run ./install.sh in
# it) and, unless --no-tar, the same folder as a .tar.gz beside it. Environment:
#   BUNDLE_VENV                   a virtual environment to build with (default
#                                 packaging/build/venv, made and filled with '.[bundle]')
#   REVIEWER_SCREENSHOT_BASE_URL  where docs/screenshots/ is published (AppStream metainfo)
#   REVIEWER_BUNDLE_GPU=1         bundle TensorFlow's CUDA build (tensorflow[and-cuda])
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TAR=1
[ "${1:-}" = "--no-tar" ] && TAR=0
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=${BUNDLE_VENV:-packaging/build/venv}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/reviewer/__init__.py)
NAME=product-image-reviewer
APP_ID=io.github.productimagereviewer.ProductImageReviewer
OUT="packaging/dist/$NAME-$VERSION-linux-$(uname -m)"
SHOTS_URL=${REVIEWER_SCREENSHOT_BASE_URL:-https://raw.githubusercontent.com/product-image-reviewer/product-image-reviewer/main/docs/screenshots}
step_start=$SECONDS
step() { echo "== $1 ($((SECONDS - step_start)) s so far)"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
# PyInstaller reads shared libraries with objdump (binutils); Qt renders the icons offscreen.
missing=()
for p in binutils libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step "environment: $VENV"
if [ ! -x "$VENV/bin/pyinstaller" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  extras=bundle
  [ "${REVIEWER_BUNDLE_GPU:-0}" = 1 ] && extras=bundle,gpu
  "$VENV/bin/pip" install -q ".[$extras]"
fi

step "PyInstaller"
rm -rf packaging/build/pyinstaller-dist
PYTHONPATH="$ROOT/src" "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath packaging/build/pyinstaller-dist --workpath packaging/build/pyinstaller \
  packaging/reviewer.spec

step "archive layout: $OUT"
rm -rf "$OUT"
mkdir -p "$OUT/share/applications" "$OUT/share/metainfo" "$OUT/share/icons" \
  "$OUT/share/doc/$NAME/screenshots"
mv "packaging/build/pyinstaller-dist/$NAME" "$OUT/app"
cp packaging/linux/install.sh "$OUT/install.sh"
cp packaging/README.md "$OUT/README.md"
cp "resources/$NAME.desktop" "$OUT/share/applications/$NAME.desktop"
sed -e "s|@SCREENSHOT_BASE_URL@|${SHOTS_URL%/}|g" -e "s|@VERSION@|$VERSION|" \
  -e "s|@DATE@|$(date -u +%Y-%m-%d)|" packaging/linux/$NAME.metainfo.xml.in \
  > "$OUT/share/metainfo/$APP_ID.metainfo.xml"
cp docs/screenshots/{1-grid,2-labelling,3-training-curves,4-confusion-matrix,8-moderation}.png \
  "$OUT/share/doc/$NAME/screenshots/"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/linux/make_icons.py \
  "resources/icons/$NAME.svg" "$OUT/share/icons"

if [ "$TAR" = 1 ]; then
  step "archive: $OUT.tar.gz"
  tar -C "$(dirname "$OUT")" -czf "$OUT.tar.gz" "$(basename "$OUT")"
fi
step "done"
du -sh "$OUT" | sed 's/^/bundle folder: /'
[ "$TAR" = 1 ] && du -sh "$OUT.tar.gz" | sed 's/^/archive: /'
echo "$OUT"
