"""Fault inventory: every hostile input the fault work tries, run against the real
``reviewer`` command (a process per case, as a user runs it), with its outcome.

For each kind it prints the exit code and one of:

* ``ok``          a one-line message with a documented exit code, and nothing lost;
* ``TRACEBACK``   a Python traceback reached the terminal;
* ``SILENT LOSS`` exit 0 (or 1) while something given was dropped without a word,
                  or a file/catalogue was changed that should not have been;
* ``HANG``        no answer within the time limit;
* ``UNSAFE``      a file outside the import root was read without being asked (18.4);
* ``BUG (70)``    an internal error, logged (counts apart from tracebacks).

and the totals: kinds tried, tracebacks (target 0), silent losses (target 0), hangs.

    .venv/bin/python benchmarks/faults.py [--only WORD] [--json]

Everything happens in a temporary folder; nothing outside it is touched. Cases that
need the operating system's help (permissions as root, a full disk) use ``setpriv``
and ``unshare`` and are reported as skipped where those are missing.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from machine import cpu_model  # noqa: E402  (benchmarks/, beside this script)
from PIL import Image

SRC = Path(__file__).resolve().parents[1] / "src"
DOCUMENTED = {0, 1, 2, 3, 4, 5, 130}
TIMEOUT = 90


def jpeg(pattern: int, size: tuple[int, int] = (48, 40)) -> bytes:
    img = Image.new("RGB", size, (pattern * 37 % 256, 90, 160))
    for bit in range(10):
        if pattern >> bit & 1:
            img.paste((0, 0, 0), (bit * 4, 0, bit * 4 + 4, 4))
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", 30000, 30000)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def folder(root: Path, per_category: int = 3) -> Path:
    for c, name in enumerate(("hat", "shoes")):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_category):
            (root / name / f"{i}.jpg").write_bytes(jpeg(c * 100 + i))
    return root


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float


@dataclass
class Ctx:
    tmp: Path
    cat: Path
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)
    has_create: bool = True  # False for a source from before --create (a "before" run)

    def reviewer(self, *args: object, prefix: list[str] | None = None,
                 timeout: float = TIMEOUT) -> Run:
        if not self.has_create:
            args = tuple(a for a in args if a != "--create")
        cmd = [*(prefix or []), sys.executable, "-c",
               "import sys; from reviewer.cli import main; sys.exit(main())", *map(str, args)]
        start = time.monotonic()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=self.env, cwd=self.tmp)
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            return Run(None, out, err, time.monotonic() - start)
        return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)

    def catalogue(self, per_category: int = 3) -> Path:
        src = folder(self.tmp / "seed", per_category)
        run = self.reviewer("--catalogue", self.cat, "--create", "import", src, "--workers", "1")
        assert run.code == 0, run.err
        return self.cat


Check = Callable[[Ctx, Run], str | None]  # None: nothing lost; else what was lost


@dataclass
class Case:
    group: str
    kind: str
    run: Callable[[Ctx], Run]
    lost: Check = lambda _c, _r: None  # noqa: E731
    needs: str = ""  # setpriv | unshare


def no_dac() -> list[str]:
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []


def small_disk(ctx: Ctx, kb: int, fill: int, *args: object) -> Run:
    mount = ctx.tmp / "disk"
    mount.mkdir(exist_ok=True)
    script = ('mount -t tmpfs -o size="$1"k tmpfs "$2" || exit 97; '
              'if [ "$3" -gt 0 ]; then head -c "$3" /dev/zero > "$2/.filler"; fi; shift 3; "$@"; '
              'rc=$?; find "$MOUNT" -type f ! -name .filler -name "*.part" | sed "s/^/PART: /"; '
              'exit $rc')
    return ctx.reviewer(*args, prefix=["unshare", "-rm", "sh", "-c", script, "sh", str(kb),
                                       str(mount), str(fill)])


def imported(ctx: Ctx) -> int:
    if not ctx.cat.exists():
        return 0
    conn = sqlite3.connect(f"file:{ctx.cat}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM images").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def accounted(expected_files: int) -> Check:
    """Every file given is either imported or named in the output."""
    def check(ctx: Ctx, run: Run) -> str | None:
        if run.code not in (0, 1):
            return None  # refused whole, with a message
        named = run.err.count("refused:") + run.err.count("conflict:") + run.err.count("more (")
        if imported(ctx) + named < expected_files and run.code == 0:
            return f"{expected_files - imported(ctx)} file(s) neither imported nor reported"
        return None
    return check


def untouched(path_of: Callable[[Ctx], Path], before: dict[str, str]) -> Check:
    def check(ctx: Ctx, run: Run) -> str | None:
        path = path_of(ctx)
        if digest(path) != before["digest"]:
            return f"{path.name} was changed"
        if path.with_name(path.name + "-wal").exists():
            return f"{path.name} was switched to WAL"
        return None
    return check


# --- the cases -------------------------------------------------------------------------


def import_messy(ctx: Ctx, make: Callable[[Path], None], *extra: object) -> Run:
    root = folder(ctx.tmp / "in")
    make(root)
    return ctx.reviewer("--catalogue", ctx.cat, "--create", "import", root, "--workers", "1",
                        *extra)


def bad_file(name: str, data: bytes) -> Callable[[Ctx], Run]:
    return lambda ctx: import_messy(ctx, lambda r: (r / "hat" / name).write_bytes(data))


def manifest(text: str, *extra: object, images: int = 2) -> Callable[[Ctx], Run]:
    """A manifest in ``in/`` with ``images`` images beside it; ``{outside}`` in the text
    is a real image outside that folder."""
    def run(ctx: Ctx) -> Run:
        (ctx.tmp / "in" / "img").mkdir(parents=True, exist_ok=True)
        for i in range(images):
            (ctx.tmp / "in" / "img" / f"h{i}.jpg").write_bytes(jpeg(i + 1))
        (ctx.tmp / "secret.jpg").write_bytes(jpeg(99))
        path = ctx.tmp / "in" / "m.csv"
        path.write_text(text.replace("{outside}", str(ctx.tmp / "secret.jpg")),
                        encoding="utf-8")
        return ctx.reviewer("--catalogue", ctx.cat, "--create", "import", path, *extra)
    return run


def stayed_inside(expected: int) -> Check:
    """18.4: nothing outside the import root was read unless asked."""
    def check(ctx: Ctx, run: Run) -> str | None:
        if imported(ctx) > expected:
            return f"UNSAFE: {imported(ctx) - expected} file(s) from outside the import root imported"
        return rows_kept(expected)(ctx, run) if expected <= 2 else None
    return check


def rows_kept(n: int) -> Check:
    def check(ctx: Ctx, run: Run) -> str | None:
        if run.code == 0 and imported(ctx) < n:
            return f"exit 0 with {imported(ctx)} of {n} rows imported"
        return None
    return check


def titles_intact(ctx: Ctx, run: Run) -> str | None:
    conn = sqlite3.connect(f"file:{ctx.cat}?mode=ro", uri=True)
    titles = {t for (t,) in conn.execute("SELECT title FROM images")}
    conn.close()
    if titles != {"a\u2028b", "two\nlines"}:
        return f"titles changed or rows split: {sorted(map(repr, titles))}"
    return None


def foreign_db(ctx: Ctx, *args: object) -> Run:
    other = ctx.tmp / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    ctx.notes.append(digest(other))
    return ctx.reviewer("--catalogue", other, *args)


def foreign_untouched(ctx: Ctx, run: Run) -> str | None:
    other = ctx.tmp / "other.sqlite"
    if digest(other) != ctx.notes[0] or other.with_name("other.sqlite-wal").exists():
        return "another program's database was changed"
    return None


def missing_untouched(ctx: Ctx, run: Run) -> str | None:
    return "a catalogue was created at a mistyped path" if (ctx.tmp / "typo").exists() else None


def interrupt_twice(ctx: Ctx) -> Run:
    root = folder(ctx.tmp / "in", per_category=500)
    cmd = [sys.executable, "-c", "import sys; from reviewer.cli import main; sys.exit(main())",
           "--catalogue", str(ctx.cat), *(["--create"] if ctx.has_create else []), "import",
           str(root), "--workers", "2"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ctx.env, start_new_session=True)
    time.sleep(2.0)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.05)
    try:
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    except ProcessLookupError:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Run(None, out, err, time.monotonic() - start)
    code = 130 if proc.returncode == -signal.SIGINT else proc.returncode
    return Run(code, out, err, time.monotonic() - start)


def kill_9(ctx: Ctx) -> Run:
    root = folder(ctx.tmp / "in", per_category=500)
    cmd = [sys.executable, "-c", "import sys; from reviewer.cli import main; sys.exit(main())",
           "--catalogue", str(ctx.cat), *(["--create"] if ctx.has_create else []), "import",
           str(root), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ctx.env, start_new_session=True)
    time.sleep(2.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    time.sleep(3)
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == proc.pid and fields[0] != "Z":
                left.append(int(entry.name))
                os.kill(int(entry.name), signal.SIGKILL)
    ctx.notes.append(str(left))
    again = ctx.reviewer("--catalogue", ctx.cat, "import", root, "--workers", "1")
    return Run(again.code, again.out, again.err, again.seconds)


def workers_left(ctx: Ctx, run: Run) -> str | None:
    return f"worker processes outlived the import: {ctx.notes[0]}" if ctx.notes[0] != "[]" else None


def integrity(ctx: Ctx, run: Run) -> str | None:
    conn = sqlite3.connect(f"file:{ctx.cat}?mode=ro", uri=True)
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return None if ok == "ok" else f"integrity_check: {ok}"


def export_after(ctx: Ctx, *args: object, prepare: Callable[[Ctx], None] | None = None) -> Run:
    ctx.catalogue()
    if prepare:
        prepare(ctx)
    return ctx.reviewer("--catalogue", ctx.cat, "export", *args)


def drop_original(ctx: Ctx) -> None:
    store = ctx.tmp / f"{ctx.cat.stem}-files" / "images"
    sorted(p for p in store.rglob("*") if p.is_file())[0].unlink()


def rename_categories(ctx: Ctx) -> None:
    ctx.reviewer("--catalogue", ctx.cat, "categories", "rename", "hat", "a/b")
    ctx.reviewer("--catalogue", ctx.cat, "categories", "rename", "shoes", "a_b")


def all_exported(n: int) -> Check:
    def check(ctx: Ctx, run: Run) -> str | None:
        files = [p for p in (ctx.tmp / "out").rglob("*") if p.is_file()]
        if run.code == 0 and len(files) < n:
            return f"exit 0 with {len(files)} of {n} images exported"
        if run.code == 0 and "→" not in run.out and len({p.parent for p in files}) < 2:
            return "categories merged into one folder without a word"
        return None
    return check


def no_part_files(ctx: Ctx, run: Run) -> str | None:
    return "a half-written file was left" if "PART:" in run.out else None


def newer_schema(ctx: Ctx) -> Run:
    ctx.catalogue()
    conn = sqlite3.connect(ctx.cat)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    ctx.notes.append(digest(ctx.cat))
    return ctx.reviewer("--catalogue", ctx.cat, "stats")


def chmod_run(ctx: Ctx, target: Callable[[Ctx], Path], mode: int, *args: object) -> Run:
    path = target(ctx)
    old = path.stat().st_mode & 0o777
    path.chmod(mode)
    try:
        return ctx.reviewer(*args, prefix=no_dac())
    finally:
        path.chmod(old)


def busy(ctx: Ctx) -> Run:
    ctx.catalogue()
    conn = sqlite3.connect(ctx.cat, timeout=1, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        return ctx.reviewer("--catalogue", ctx.cat, "label", "1", "--to", "shoes", timeout=60)
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def cases() -> list[Case]:
    csv_head = "path,label,title\n"
    return [
        # files an import meets
        Case("bad images", "empty file", bad_file("empty.jpg", b""), accounted(7)),
        Case("bad images", "truncated JPEG", bad_file("t.jpg", jpeg(9, (300, 300))[:700]),
             accounted(7)),
        Case("bad images", "text named .jpg", bad_file("n.jpg", b"not an image"), accounted(7)),
        Case("bad images", "decompression bomb PNG", bad_file("bomb.png", bomb_png()),
             accounted(7)),
        Case("bad images", "not an image suffix", bad_file("notes.txt", b"x"), accounted(7)),
        Case("bad images", "non-UTF-8 file name",
             lambda ctx: import_messy(ctx, lambda r: Path(os.fsdecode(
                 os.fsencode(r / "hat") + b"/caf\xe9.jpg")).write_bytes(jpeg(40))), accounted(7)),
        Case("links", "symlink loop to a folder",
             lambda ctx: import_messy(ctx, lambda r: os.symlink(r, r / "hat" / "loop")),
             accounted(7)),
        Case("links", "link to itself",
             lambda ctx: import_messy(ctx, lambda r: os.symlink(r / "hat" / "s.jpg",
                                                                r / "hat" / "s.jpg")),
             accounted(7)),
        Case("links (18.4)", "symlinked file out of the root",
             lambda ctx: import_messy(ctx, lambda r: ((ctx.tmp / "secret.jpg").write_bytes(
                 jpeg(77)), os.symlink(ctx.tmp / "secret.jpg", r / "hat" / "x.jpg"))),
             stayed_inside(6)),
        Case("links (18.4)", "manifest row with ../",
             manifest("path,label\n../secret.jpg,hat\nimg/h0.jpg,hat\n"), stayed_inside(1)),
        Case("links (18.4)", "manifest row with an absolute path",
             manifest("path,label\n{outside},hat\nimg/h0.jpg,hat\n"), stayed_inside(1)),
        Case("special files (18.2)", "FIFO named pipe.jpg in a folder",
             lambda ctx: import_messy(ctx, lambda r: os.mkfifo(r / "hat" / "pipe.jpg")),
             accounted(7)),
        Case("special files (18.2)", "/dev/zero in a manifest (--follow-links)",
             manifest("path,label\n/dev/zero,hat\nimg/h0.jpg,hat\n", "--follow-links"),
             rows_kept(2)),
        Case("special files (18.2)", "file over the size cap",
             lambda ctx: import_messy(ctx, lambda r: (r / "hat" / "big.jpg").write_bytes(
                 jpeg(5, (900, 900))), "--max-file-size", "0.001"), accounted(7)),
        Case("folders (8.5)", "unreadable sub-folder",
             lambda ctx: (folder(ctx.tmp / "in"), chmod_run(
                 ctx, lambda c: c.tmp / "in" / "hat", 0, "--catalogue", ctx.cat, "--create",
                 "import", ctx.tmp / "in", "--workers", "1"))[1], accounted(6), "setpriv"),
        Case("folders (8.9)", "unreadable import root",
             lambda ctx: (folder(ctx.tmp / "in"), chmod_run(
                 ctx, lambda c: c.tmp / "in", 0, "--catalogue", ctx.cat, "--create", "import",
                 ctx.tmp / "in"))[1], needs="setpriv"),
        Case("folders", "nothing at the path",
             lambda ctx: ctx.reviewer("--catalogue", ctx.cat, "--create", "import", "nowhere")),
        Case("folders (8.12)", "--layout csv on a folder",
             lambda ctx: ctx.reviewer("--catalogue", ctx.cat, "--create", "import",
                                      folder(ctx.tmp / "in"), "--layout", "csv")),
        Case("options (8.9)", "--workers -3",
             lambda ctx: ctx.reviewer("--catalogue", ctx.cat, "--create", "import",
                                      folder(ctx.tmp / "in"), "--workers", "-3")),
        # manifests
        Case("manifests (8.3)", "unterminated quote",
             manifest(csv_head + 'img/h0.jpg,hat,"oops\nimg/h1.jpg,hat,x\nimg/h0.jpg,hat,y\n'),
             rows_kept(2)),
        Case("manifests (8.4)", "U+2028 unquoted and quoted newlines",
             manifest(csv_head + "img/h0.jpg,hat,a\u2028b\n" + 'img/h1.jpg,hat,"two\nlines"\n'),
             titles_intact),
        Case("manifests (8.9)", "field over 131,072 characters",
             manifest(csv_head + f'img/h0.jpg,hat,"{"x" * 140_000}"\n')),
        Case("manifests (8.9)", "NUL byte in a path",
             manifest("path,label\nimg/h\x000.jpg,hat\nimg/h1.jpg,hat\n"), rows_kept(2)),
        Case("manifests (18.8)", "NUL in a category name",
             manifest("path,label\nimg/h0.jpg,h\x00t\nimg/h1.jpg,hat\n"), rows_kept(2)),
        Case("manifests (8.12)", "unknown column",
             manifest("path,label,colour\nimg/h0.jpg,hat,red\n", images=1), rows_kept(1)),
        Case("manifests", "no path column", manifest("file,label\nimg/h0.jpg,hat\n")),
        Case("manifests", "not UTF-8",
             lambda ctx: ((ctx.tmp / "m.csv").write_bytes(b"path,label\nimg/\xff.jpg,hat\n"),
                          ctx.reviewer("--catalogue", ctx.cat, "--create", "import",
                                       ctx.tmp / "m.csv"))[1]),
        Case("manifests", "unknown split", manifest("path,label,split\nimg/h0.jpg,hat,tset\n"),
             rows_kept(1)),
        Case("manifests", "unknown category without --add-categories",
             lambda ctx: (ctx.catalogue(), manifest("path,label\nimg/h0.jpg,dress\n")(ctx))[1]),
        # interruptions
        Case("interrupts (8.1)", "double Ctrl-C to the process group", interrupt_twice,
             lambda ctx, run: integrity(ctx, run) if ctx.cat.exists() else None),
        Case("interrupts (8.2)", "kill -9 of an import, then import again", kill_9, workers_left),
        # catalogue files
        Case("catalogues (8.6)", "stats on another program's SQLite file",
             lambda ctx: foreign_db(ctx, "stats"), foreign_untouched),
        Case("catalogues (8.6)", "import --create into another program's SQLite file",
             lambda ctx: foreign_db(ctx, "--create", "import", folder(ctx.tmp / "in")),
             foreign_untouched),
        Case("catalogues", "a text file as the catalogue",
             lambda ctx: ((ctx.tmp / "n.sqlite").write_text("notes\n" * 200),
                          ctx.reviewer("--catalogue", ctx.tmp / "n.sqlite", "stats"))[1]),
        Case("catalogues", "a folder as the catalogue",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp, "stats")),
        Case("catalogues (8.6)", "stats on a mistyped path",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp / "typo" / "c.sqlite", "stats"),
             missing_untouched),
        Case("catalogues (8.6)", "history on a mistyped path",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp / "typo" / "c.sqlite", "history"),
             missing_untouched),
        Case("catalogues (8.6)", "runs on a mistyped path",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp / "typo" / "c.sqlite", "runs"),
             missing_untouched),
        Case("catalogues (8.6)", "export csv from a mistyped path",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp / "typo" / "c.sqlite", "export",
                                      "csv", "x.csv"), missing_untouched),
        Case("catalogues (7.4)", "import into a mistyped path without --create",
             lambda ctx: ctx.reviewer("--catalogue", ctx.tmp / "typo" / "c.sqlite", "import",
                                      folder(ctx.tmp / "in")), missing_untouched),
        Case("catalogues", "newer schema", newer_schema,
             lambda ctx, run: None if digest(ctx.cat) == ctx.notes[0] else "catalogue changed"),
        Case("catalogues (8.12)", "catalogue in a read-only folder: stats",
             lambda ctx: (ctx.catalogue(), chmod_run(ctx, lambda c: c.tmp, 0o555, "--catalogue",
                                                     ctx.cat, "stats"))[1], needs="setpriv"),
        Case("catalogues", "read-only catalogue file: label",
             lambda ctx: (ctx.catalogue(), chmod_run(ctx, lambda c: c.cat, 0o444, "--catalogue",
                                                     ctx.cat, "label", "1", "--to", "shoes"))[1],
             needs="setpriv"),
        Case("catalogues (8.12)", "unreadable catalogue file",
             lambda ctx: (ctx.catalogue(), chmod_run(ctx, lambda c: c.cat, 0, "--catalogue",
                                                     ctx.cat, "stats"))[1], needs="setpriv"),
        Case("catalogues", "catalogue locked by another writer", busy),
        # ids and names
        Case("ids (8.10)", "image id 2^64 in label",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "label",
                                                        str(2**64), "--to", "hat"))[1]),
        Case("ids (8.10)", "image id 2^64 in history",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "history",
                                                        str(2**64)))[1]),
        Case("ids (8.10)", "run id 2^64 in evaluate",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "evaluate",
                                                        str(2**64)))[1]),
        Case("ids (8.12)", "history of a missing image",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "history",
                                                        "424242"))[1]),
        Case("ids (8.12)", "evaluate a missing run",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "evaluate",
                                                        "999"))[1]),
        Case("names", "unknown category in label",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "label", "1",
                                                        "--to", "jaket"))[1]),
        Case("names (18.8)", "control character in categories add",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "categories",
                                                        "add", "a\x07b"))[1]),
        Case("names", "undo with nothing to undo",
             lambda ctx: (ctx.catalogue(), ctx.reviewer("--catalogue", ctx.cat, "undo", "--as",
                                                        "nobody"))[1]),
        # exports
        Case("exports (8.7)", "colliding folder names a/b and a_b",
             lambda ctx: export_after(ctx, "folders", ctx.tmp / "out",
                                      prepare=rename_categories), all_exported(6)),
        Case("exports (8.8)", "a stored original missing",
             lambda ctx: export_after(ctx, "folders", ctx.tmp / "out", prepare=drop_original),
             all_exported(6)),
        Case("exports (8.8)", "a folder as the CSV target",
             lambda ctx: export_after(ctx, "csv", ctx.tmp)),
        Case("exports (8.8)", "a file as the folder target",
             lambda ctx: export_after(ctx, "folders", ctx.cat)),
        Case("exports (8.8)", "full disk: export folders",
             lambda ctx: (ctx.catalogue(), small_disk(ctx, 12, 0, "--catalogue", ctx.cat,
                                                      "export", "folders",
                                                      ctx.tmp / "disk" / "o"))[1],
             no_part_files, "unshare"),
        Case("exports (8.8)", "full disk: export csv",
             lambda ctx: (ctx.catalogue(), small_disk(ctx, 8, 4097, "--catalogue", ctx.cat,
                                                      "export", "csv",
                                                      ctx.tmp / "disk" / "i.csv"))[1],
             no_part_files, "unshare"),
        Case("exports (8.8)", "full disk: export history",
             lambda ctx: (ctx.catalogue(), small_disk(ctx, 8, 4097, "--catalogue", ctx.cat,
                                                      "export", "history",
                                                      ctx.tmp / "disk" / "h.csv"))[1],
             no_part_files, "unshare"),
        Case("imports", "full disk under the image store",
             lambda ctx: small_disk(ctx, 16, 0, "--catalogue", ctx.tmp / "disk" / "c.sqlite",
                                    "--create", "import", folder(ctx.tmp / "in")),
             needs="unshare"),
    ]


def judge(case: Case, run: Run, ctx: Ctx) -> str:
    if run.code is None:
        return "HANG"
    if "Traceback" in run.err or "Traceback" in run.out:
        return "TRACEBACK"
    lost = case.lost(ctx, run)
    if lost and lost.startswith("UNSAFE"):
        return lost
    if lost:
        return f"SILENT LOSS: {lost}"
    if run.code == 70:
        return "BUG (70)"
    if run.code not in DOCUMENTED:
        return f"TRACEBACK (undocumented exit {run.code})"
    return "ok"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose group or kind contains this")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--src", type=Path, default=SRC,
                        help="the sources to try (another checkout's src/, for a before/after)")
    args = parser.parse_args()
    src = args.src.resolve()
    env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    has_create = "--create" in (src / "reviewer" / "cli" / "__init__.py").read_text()
    if not args.json:
        print(f"sources: {src}" + ("" if has_create else " (no --create: left out)"))
    rows = []
    for case in cases():
        if args.only and args.only not in case.group and args.only not in case.kind:
            continue
        if case.needs and not shutil.which(case.needs):
            rows.append({"group": case.group, "kind": case.kind, "outcome": "skipped",
                         "exit": None, "message": f"needs {case.needs}", "seconds": 0})
            continue
        with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
            home = Path(tmp)
            case_env = dict(env, REVIEWER_DATA_DIR=str(home / "data"),
                            REVIEWER_CONFIG_DIR=str(home / "config"))
            case_env.pop("REVIEWER_CATALOGUE", None)
            ctx = Ctx(home, home / "c.sqlite", case_env, has_create=has_create)
            run = case.run(ctx)
            outcome = judge(case, run, ctx)
            message = (run.err.strip().splitlines() or [""])[0][:110]
            if outcome == "ok" and run.code == 0:
                message = (run.out.strip().splitlines() or [""])[-1][:110]
            rows.append({"group": case.group, "kind": case.kind, "outcome": outcome,
                         "exit": run.code, "message": message, "seconds": round(run.seconds, 1)})
        if not args.json:
            r = rows[-1]
            print(f"{r['group']:<22} {r['kind']:<48} exit {str(r['exit']):>4}  {r['outcome']}"
                  f"\n{'':<23}{r['message']}", flush=True)
    tried = [r for r in rows if r["outcome"] != "skipped"]
    totals = {
        "kinds tried": len(tried),
        "tracebacks": sum(r["outcome"].startswith("TRACEBACK") for r in tried),
        "silent losses": sum(r["outcome"].startswith("SILENT") for r in tried),
        "hangs": sum(r["outcome"] == "HANG" for r in tried),
        "unsafe reads": sum(r["outcome"].startswith("UNSAFE") for r in tried),
        "bugs (exit 70)": sum(r["outcome"] == "BUG (70)" for r in tried),
        "skipped": len(rows) - len(tried),
    }
    if args.json:
        print(json.dumps({"cases": rows, "totals": totals}, indent=2))
    else:
        print("\n" + ", ".join(f"{k}: {v}" for k, v in totals.items()))
        print("targets: tracebacks 0, silent losses 0, hangs 0, unsafe reads 0")
        print(f"CPU: {cpu_model()}; load average {os.getloadavg()[0]:.1f}")
    bad = ("tracebacks", "silent losses", "hangs", "unsafe reads")
    return 1 if any(totals[k] for k in bad) else 0


if __name__ == "__main__":
    sys.exit(main())
