"""A team on one catalogue (issue 12), through the real command line, on SQLite and on
PostgreSQL: undo never overwrites a colleague's later change, refuses image by image,
moves on past a partial conflict, and redo follows the same rule."""

from __future__ import annotations

import pytest

from reviewer.cli import main
from tests.integration.team_catalogue import FIRST_LABEL, assert_consistent, label_of


class Cli:
    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url, self.capsys = url, capsys

    def __call__(self, line: str) -> tuple[int, str]:
        """Run ``reviewer LINE`` against the catalogue: (exit code, stdout + stderr)."""
        args = line.split()
        assert args[0] == "reviewer"
        code = main(["--catalogue", self.url, *args[1:]])
        out, err = self.capsys.readouterr()
        return code, out + err


def test_case_1_undo_never_overwrites_a_later_change(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewer = Cli(team_url, capsys)
    assert reviewer("reviewer label 220 --to hat --as carol")[0] == 0
    assert reviewer("reviewer label 220 --to skirt --as dave")[0] == 0
    assert reviewer("reviewer label 220 --to hat --as erin")[0] == 0
    # Same label as carol's, but erin's: carol's undo must not touch it.
    code, text = reviewer("reviewer undo --as carol")
    assert code == 4, text
    assert "dave and erin changed image 220 after you; left as hat" in text
    assert "Nothing was changed" in text
    assert label_of(team_url, 220) == "hat"
    # erin's own undo works: her hat goes, dave's skirt is back.
    code, text = reviewer("reviewer undo --as erin")
    assert code == 0, text
    assert "Undone: 1 image(s) → hat" in text
    assert label_of(team_url, 220) == "skirt"
    # erin's change is undone, so dave's step is again what stands: his undo works.
    code, text = reviewer("reviewer undo --as dave")
    assert code == 0, text
    assert label_of(team_url, 220) == "hat"
    # carol's step was settled by her refused undo: nothing more to undo for her.
    code, text = reviewer("reviewer undo --as carol")
    assert code == 2 and "Nothing to undo for carol" in text
    assert_consistent(team_url)


def test_case_2_undo_moves_past_a_partial_conflict(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewer = Cli(team_url, capsys)
    assert reviewer("reviewer label 202 --to hat --as alice")[0] == 0  # an earlier step
    assert reviewer("reviewer label 200 201 --to skirt --as alice")[0] == 0
    assert reviewer("reviewer label 201 --to dress --as bob")[0] == 0
    code, text = reviewer("reviewer undo --as alice")
    assert code == 1, text  # done, but part of the step was refused
    assert "Undone 1 of 2 image(s) of '2 image(s) → skirt'" in text
    assert "bob changed image 201 after you; left as dress" in text
    assert (label_of(team_url, 200), label_of(team_url, 201)) == (FIRST_LABEL, "dress")
    # The next undo moves on to alice's step before.
    code, text = reviewer("reviewer undo --as alice")
    assert code == 0, text
    assert "Undone: 1 image(s) → hat" in text
    assert label_of(team_url, 202) == FIRST_LABEL
    code, text = reviewer("reviewer undo --as alice")
    assert code == 2 and "Nothing to undo for alice" in text
    # Redo replays the undos in reverse, and re-applies only what the undo reverted.
    assert reviewer("reviewer redo --as alice")[0] == 0
    assert label_of(team_url, 202) == "hat"
    code, text = reviewer("reviewer redo --as alice")
    assert code == 0, text
    assert (label_of(team_url, 200), label_of(team_url, 201)) == ("skirt", "dress")
    # ... and the redone step undoes again as one step (200 only; 201 is bob's).
    code, text = reviewer("reviewer undo --as alice")
    assert code == 0, text
    assert (label_of(team_url, 200), label_of(team_url, 201)) == (FIRST_LABEL, "dress")
    assert_consistent(team_url)


def test_case_2_as_separate_steps_the_next_undo_is_not_stuck(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewer = Cli(team_url, capsys)
    assert reviewer("reviewer label 200 --to hat --as alice")[0] == 0
    assert reviewer("reviewer label 201 --to hat --as alice")[0] == 0
    assert reviewer("reviewer label 201 --to dress --as bob")[0] == 0
    code, text = reviewer("reviewer undo --as alice")
    assert code == 4 and "bob changed image 201 after you; left as dress" in text
    code, text = reviewer("reviewer undo --as alice")
    assert code == 0, text
    assert (label_of(team_url, 200), label_of(team_url, 201)) == (FIRST_LABEL, "dress")
    # Nothing to redo for the refused step; the one undone comes back.
    assert reviewer("reviewer redo --as alice")[0] == 0
    assert label_of(team_url, 200) == "hat"
    code, text = reviewer("reviewer redo --as alice")
    assert code == 2 and "Nothing to redo" in text
    assert_consistent(team_url)


def test_redo_never_overwrites_a_later_change(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewer = Cli(team_url, capsys)
    assert reviewer("reviewer label 203 204 --to hat --as alice")[0] == 0
    assert reviewer("reviewer undo --as alice")[0] == 0
    assert reviewer("reviewer label 203 --to dress --as bob")[0] == 0
    code, text = reviewer("reviewer redo --as alice")
    assert code == 1, text
    assert "bob changed image 203 after you; left as dress" in text
    assert (label_of(team_url, 203), label_of(team_url, 204)) == ("dress", "hat")
    # bob undoes his change: alice's undo of her redo still reverts 204 only (203 was
    # never re-applied by her redo).
    assert reviewer("reviewer undo --as bob")[0] == 0
    assert reviewer("reviewer undo --as alice")[0] == 0
    assert (label_of(team_url, 203), label_of(team_url, 204)) == (FIRST_LABEL, FIRST_LABEL)
    assert_consistent(team_url)


def test_a_colleague_who_undid_their_change_does_not_block_undo(
    team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewer = Cli(team_url, capsys)
    assert reviewer("reviewer label 205 --to hat --as alice")[0] == 0
    assert reviewer("reviewer label 205 --to dress --as bob")[0] == 0
    assert reviewer("reviewer undo --as bob")[0] == 0
    assert reviewer("reviewer redo --as bob")[0] == 0  # bob's change stands again
    code, text = reviewer("reviewer undo --as alice")
    assert code == 4 and "bob changed image 205 after you; left as dress" in text
    assert reviewer("reviewer label 206 --to hat --as alice")[0] == 0
    assert reviewer("reviewer label 206 --to dress --as bob")[0] == 0
    assert reviewer("reviewer undo --as bob")[0] == 0  # bob's change is gone again
    code, text = reviewer("reviewer undo --as alice")
    assert code == 0, text
    assert label_of(team_url, 206) == FIRST_LABEL
    assert_consistent(team_url)
