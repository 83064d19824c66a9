"""Extract the strings marked for translation in src/reviewer/ui (``self.tr``,
``QCoreApplication.translate``, ``QT_TRANSLATE_NOOP``) into
resources/translations/reviewer_<lang>.ts with pyside6-lupdate, and compile every
.ts into the .qm the app loads with pyside6-lrelease.

    .venv/bin/python scripts/update_translations.py            # update every .ts, compile
    .venv/bin/python scripts/update_translations.py --add fr   # start a new language

Translate the new entries in Qt Linguist (pyside6-linguist FILE.ts) or any .ts editor,
then run this again to compile them. Both tools come with PySide6-Essentials.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "reviewer" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install PySide6-Essentials (it ships {name}).")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", metavar="LANG", help="start reviewer_LANG.ts (say: fr, pt_BR)")
    args = parser.parse_args()
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    targets = sorted(TRANSLATIONS.glob("reviewer_*.ts"))
    if args.add:
        targets.append(TRANSLATIONS / f"reviewer_{args.add}.ts")
    if not targets:
        sys.exit("No reviewer_*.ts yet: start one with --add LANG.")
    for ts in sorted(set(targets)):
        language = ts.stem.removeprefix("reviewer_")
        subprocess.run([tool("pyside6-lupdate"), *files, "-no-obsolete",
                        "-target-language", language, "-ts", str(ts.relative_to(ROOT))],
                       cwd=ROOT, check=True)
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
