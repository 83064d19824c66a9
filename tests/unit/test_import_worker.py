"""Import workers stay light: what a spawned worker imports (its task module and the
parent's ``__main__``, here the ``reviewer`` console script) has no SQLAlchemy,
Alembic, tqdm, TensorFlow or Qt in it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("sqlalchemy", "alembic", "tqdm", "tensorflow", "keras", "PySide6", "numpy")


def _run(code: str, tmp_path: Path) -> str:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], check=True, capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    return out.stdout.strip().splitlines()[-1]


def test_the_worker_module_imports_no_database_code(tmp_path: Path) -> None:
    loaded = _run(f"""
        import sys
        import reviewer.catalogue.inspect_worker
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r})))
    """, tmp_path)
    assert loaded == "[]"


def test_a_worker_spawned_from_the_console_script_stays_light(tmp_path: Path) -> None:
    # The same first lines as the ``reviewer`` script that pip writes; a spawned
    # worker runs them again (as __mp_main__) before its first task.
    loaded = _run(f"""
        import re
        import sys
        from reviewer.cli import main


        def heavy_in_worker(_: object) -> list[str]:
            import reviewer.catalogue.inspect_worker  # the import pool's task module
            return sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))


        if __name__ == "__main__":
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
                print(pool.submit(heavy_in_worker, None).result())
    """, tmp_path)
    assert loaded == "[]"
