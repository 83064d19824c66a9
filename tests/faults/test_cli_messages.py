"""Issue 8 cases 10, 11 and 12 (history, split --help, evaluate, corrupt model): one-line
messages with the README's exit codes, and a bug's traceback in a log file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.cli import catalogue_commands
from tests.faults.conftest import child_env, run_reviewer

HUGE = str(2**64)


@pytest.fixture
def cat(cli: Callable[..., tuple[int, str, str]], tmp_path: Path, category_folder: Path) -> Path:
    path = tmp_path / "c.sqlite"
    assert cli("--catalogue", path, "--create", "import", category_folder, "--workers", "1")[0] == 0
    return path


@pytest.mark.parametrize("command", [["label", HUGE, "--to", "hat"], ["history", HUGE],
                                     ["evaluate", HUGE], ["report", "-1"]],
                         ids=["label", "history", "evaluate", "report"])
def test_ids_out_of_range_are_usage_messages(
    cli: Callable[..., tuple[int, str, str]], cat: Path, command: list[str],
    capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli("--catalogue", cat, *command)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "is not an id" in err and "Traceback" not in err


def test_a_bug_exits_70_and_logs_its_traceback(
    cli: Callable[..., tuple[int, str, str]], cat: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_session: object) -> dict[str, int]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(catalogue_commands.queries, "totals", broken)
    code, out, err = cli("--catalogue", cat, "stats")
    assert code == 70
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    logs = list((tmp_path / "data" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text and "broken" in text


def test_history_of_a_missing_image_is_not_found(
    cli: Callable[..., tuple[int, str, str]], cat: Path
) -> None:
    code, out, err = cli("--catalogue", cat, "history", "424242")
    assert code == 3 and "no image 424242" in err and "No label events" not in out
    code, out, _ = cli("--catalogue", cat, "history", "1", "--json")
    assert code == 0 and [e["source"] for e in json.loads(out)] == ["import"]


def test_split_help_shows_plain_percent_signs(
    cli: Callable[..., tuple[int, str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli("split", "--help")
    out = capsys.readouterr().out
    assert "20% of all" in out and "%%" not in out


def test_evaluate_an_unknown_run_answers_before_loading_tensorflow(cat: Path) -> None:
    done = run_reviewer("--catalogue", cat, "evaluate", "999", timeout=60)
    assert done.returncode == 3 and "There is no run 999" in done.stderr
    loaded = run_python_modules(cat)  # the same command, telling which modules it loaded
    assert "tensorflow" not in loaded and "keras" not in loaded


def run_python_modules(cat: Path) -> set[str]:
    code = ("import sys\nfrom reviewer.cli import main\n"
            f"main(['--catalogue', {str(cat)!r}, 'evaluate', '999'])\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=child_env(), check=True)
    return set(done.stdout.split())


def test_a_corrupt_keras_file_is_called_damaged_not_missing(tmp_path: Path) -> None:
    from reviewer.errors import UserError
    from reviewer.training.evaluate import load_model

    model = tmp_path / "model.keras"
    model.write_bytes(b"PK\x03\x04 this was a model once" + bytes(200))
    with pytest.raises(UserError, match="damaged") as err:
        load_model(model)
    assert "not found" not in str(err.value).lower()
