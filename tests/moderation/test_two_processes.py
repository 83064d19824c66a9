"""Two processes at once: two moderators never claim the same listing; two scorers
share the new listings; a killed scorer's batch returns to the pool."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Listing
from reviewer.moderation.listings import import_listings
from reviewer.moderation.scoring import claim_batch, score_listings
from tests.moderation.conftest import COLOURS, add_run, photo, relaxed_rules, write_listings_csv

ROOT = Path(__file__).resolve().parents[2]

CLAIMER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from reviewer.catalogue.db import open_catalogue
    from reviewer.moderation.claims import claim_next
    url, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    cat = open_catalogue(url)
    while not go.exists():
        time.sleep(0.01)
    got = []
    while (pk := claim_next(cat, name, exclude=got)) is not None:
        got.append(pk)
    print(json.dumps(got))
""")


def _url(catalogue: Catalogue) -> str:
    """The catalogue's URL with its password (kept by the engine only) for a child."""
    return catalogue.engine.url.render_as_string(hide_password=False)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _flagged_listings(catalogue: Catalogue, n: int) -> None:
    at = now()
    with catalogue.write() as session:
        session.execute(insert(Listing), [
            {"listing_id": f"L{i:04d}", "seller_id": f"s{i % 7}", "title": "",
             "declared_category": "hat", "received_at": at, "status": "flagged", "version": 1,
             "priority": float(i % 5)} for i in range(n)])


def test_two_moderators_never_claim_the_same_listing(mod_catalogue: Catalogue,
                                                     tmp_path: Path) -> None:
    _flagged_listings(mod_catalogue, 120)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", CLAIMER, _url(mod_catalogue), name, str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=_env()) for name in ("ann", "bob")]
    time.sleep(3)  # both processes have opened the catalogue and wait
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    ann, bob = results
    assert not set(ann) & set(bob)
    assert len(ann) + len(bob) == 120 == len(set(ann) | set(bob))
    with mod_catalogue.read() as session:
        held = dict(session.execute(select(Listing.id, Listing.claimed_by)).all())
    assert all(held[pk] == "ann" for pk in ann) and all(held[pk] == "bob" for pk in bob)


def _new_listings(catalogue: Catalogue, tmp_path: Path, n: int) -> None:
    rows = []
    for i in range(n):
        name = ("hat", "shoes", "bag")[i % 3]
        photo(tmp_path / "in" / f"p{i}.jpg", COLOURS[name], i)
        declared = name if i % 4 else "bag" if name != "bag" else "hat"
        rows.append((f"p{i}.jpg", f"L{i:03d}", f"s{i}", declared, ""))
    report = import_listings(catalogue, write_listings_csv(tmp_path / "in" / "l.csv", rows),
                             actor="m", workers=1)
    assert report.listings_created == n


def test_two_scorer_processes_share_the_work(pg_url: str, tmp_path: Path,
                                             colour_model: Path) -> None:
    from reviewer.catalogue.db import open_catalogue

    catalogue = open_catalogue(pg_url)
    try:
        _new_listings(catalogue, tmp_path, 40)
        relaxed_rules(catalogue)
        run_id = add_run(catalogue, colour_model)
        cmd = [sys.executable, "-m", "reviewer", "--catalogue", pg_url, "moderate", "score",
               "--run", str(run_id), "--batch-size", "2", "--backend", "keras", "--json"]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=_env()) for _ in range(2)]
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            outs.append(json.loads(out))
        assert sum(o["scored"] for o in outs) == 40
        assert outs[0]["worker"] != outs[1]["worker"]
        with catalogue.read() as session:
            by = session.execute(select(Listing.scored_by, func.count())
                                 .group_by(Listing.scored_by)).all()
            left = session.scalar(select(func.count()).select_from(Listing)
                                  .where(Listing.status == "new"))
        assert left == 0
        assert {w: n for w, n in by} == {o["worker"]: o["scored"] for o in outs if o["scored"]}
        flagged = sum(o["per_kind"].get("category_mismatch", 0) for o in outs)
        assert flagged == 10  # every fourth listing declares the wrong category
    finally:
        catalogue.close()


KILLED = textwrap.dedent("""
    import sys, time
    from reviewer.catalogue.db import open_catalogue
    from reviewer.moderation.scoring import claim_batch
    cat = open_catalogue(sys.argv[1])
    print(claim_batch(cat, "doomed", 3, float(sys.argv[2])), flush=True)
    time.sleep(600)  # "scoring" until killed
""")


def test_a_killed_scorers_batch_returns_to_the_pool(mod_catalogue: Catalogue, tmp_path: Path,
                                                   colour_model: Path) -> None:
    _new_listings(mod_catalogue, tmp_path, 8)
    relaxed_rules(mod_catalogue)
    run_id = add_run(mod_catalogue, colour_model)
    lease = 4.0
    proc = subprocess.Popen([sys.executable, "-c", KILLED, _url(mod_catalogue), str(lease)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    assert proc.stdout is not None
    taken = json.loads(proc.stdout.readline())
    claimed_at = time.monotonic()
    assert len(taken) == 3
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    first = score_listings(mod_catalogue, run_id, backend="keras", batch_size=2)
    if time.monotonic() - claimed_at < lease:  # the dead scorer's lease still runs
        assert first.scored == 5
        with mod_catalogue.read() as session:
            still = set(session.scalars(select(Listing.id).where(Listing.status == "new")))
        assert still == set(taken)
        time.sleep(max(0.0, lease - (time.monotonic() - claimed_at)) + 0.5)
        second = score_listings(mod_catalogue, run_id, backend="keras", batch_size=2)
        assert second.scored == 3
    else:  # a very slow machine: the lease ran out before the first call began
        assert first.scored == 8
    with mod_catalogue.read() as session:
        assert session.scalar(select(func.count()).select_from(Listing)
                              .where(Listing.status == "new")) == 0
        assert None not in set(session.scalars(select(Listing.scored_at)))
    assert claim_batch(mod_catalogue, "late", 5, 60) == []
