#!/usr/bin/env bash
# Install Product Image Reviewer for the current user (no root), from the unpacked archive:
#   ./install.sh              install (or update) under ~/.local
#   ./install.sh --catalogue URL   the same, with the menu entry opening URL (a team's
#                             shared catalogue: postgresql+psycopg://USER@HOST/DB, no password)
#   ./install.sh --uninstall  remove what install.sh put there (catalogues and settings stay)
# Where: $XDG_DATA_HOME (default ~/.local/share) for the program, the menu entry, the icons
# and the AppStream metainfo; $REVIEWER_BIN_DIR (default ~/.local/bin) for the `reviewer`
# command.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
NAME=product-image-reviewer
APP_ID=io.github.productimagereviewer.ProductImageReviewer
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN_DIR="${REVIEWER_BIN_DIR:-$HOME/.local/bin}"
APP_DIR="$DATA_HOME/$NAME"
DESKTOP="$DATA_HOME/applications/$NAME.desktop"
METAINFO="$DATA_HOME/metainfo/$APP_ID.metainfo.xml"

refresh_caches() {
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$DATA_HOME/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" 2>/dev/null || true
  fi
}

# One argument of a desktop entry's Exec line: quoted, with the characters the
# specification reserves escaped (and % doubled).
desktop_quote() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}; s=${s//\`/\\\`}; s=${s//\$/\\\$}; s=${s//%/%%}
  printf '"%s"' "$s"
}

icons() { (cd "$HERE/share/icons" && find hicolor -type f -name "$NAME.*"); }

uninstall() {
  rm -rf "$APP_DIR"
  rm -f "$DESKTOP" "$METAINFO"
  if [ -L "$BIN_DIR/reviewer" ] && [ "$(readlink "$BIN_DIR/reviewer")" = "$APP_DIR/app/reviewer" ]; then
    rm -f "$BIN_DIR/reviewer"
  fi
  while IFS= read -r icon; do rm -f "$DATA_HOME/icons/$icon"; done < <(icons)
  refresh_caches
  echo "Removed Product Image Reviewer. Your catalogues and settings are kept."
}

install() {
  if [ ! -x "$HERE/app/reviewer" ]; then
    echo "error: $HERE/app/reviewer is missing: run install.sh from the unpacked archive" >&2
    exit 2
  fi
  mkdir -p "$DATA_HOME/applications" "$DATA_HOME/metainfo" "$BIN_DIR"
  # Copy into a new folder, then swap: an update never leaves half of two versions.
  rm -rf "$APP_DIR.new"
  mkdir -p "$APP_DIR.new"
  cp -a "$HERE/app" "$APP_DIR.new/app"
  rm -rf "$APP_DIR"
  mv "$APP_DIR.new" "$APP_DIR"
  ln -sfn "$APP_DIR/app/reviewer" "$BIN_DIR/reviewer"
  while IFS= read -r icon; do
    mkdir -p "$DATA_HOME/icons/$(dirname "$icon")"
    cp "$HERE/share/icons/$icon" "$DATA_HOME/icons/$icon"
  done < <(icons)
  local exe="$APP_DIR/app/reviewer" exec_line
  exec_line="$(desktop_quote "$exe")"
  [ -n "$CATALOGUE" ] && exec_line="$exec_line --catalogue $(desktop_quote "$CATALOGUE")"
  # A file opened from the file manager (%f) wins over the team catalogue.
  EXEC_LINE="Exec=$exec_line gui %f" TRY_EXEC="TryExec=$exe" awk '
    /^Exec=/ { print ENVIRON["EXEC_LINE"]; next }
    /^TryExec=/ { print ENVIRON["TRY_EXEC"]; next }
    { print }' "$HERE/share/applications/$NAME.desktop" > "$DESKTOP"
  cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO"
  refresh_caches
  echo "Installed Product Image Reviewer in $APP_DIR"
  echo "  menu entry: $DESKTOP"
  echo "  command:    $BIN_DIR/reviewer"
  case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "  (add $BIN_DIR to PATH to run \`reviewer\` in a terminal)";; esac
}

usage() { echo "usage: ./install.sh [--catalogue URL] | --uninstall" >&2; exit 2; }

CATALOGUE=""
case "${1:-}" in
  "") install ;;
  --catalogue)
    [ $# -eq 2 ] && [ -n "$2" ] || usage
    CATALOGUE=$2
    if [[ "$CATALOGUE" =~ ^[a-z+]+://[^/@]*:[^/@]*@ ]]; then
      echo "error: the URL holds a password; leave it out (the app asks for it, or put it" \
        "in ~/.pgpass): a menu entry is a file others can read" >&2
      exit 2
    fi
    install
    ;;
  --uninstall) uninstall ;;
  *) usage ;;
esac
