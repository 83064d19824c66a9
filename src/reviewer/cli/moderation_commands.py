"""Subcommands for moderators: import-reports and ``moderate`` (calibrate, score, queue,
decide, undo, redo, stats, export, rules). Listings themselves arrive through
``reviewer import listings.csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reviewer.catalogue.schema import FLAG_KINDS
from reviewer.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    Cancel,
    actor_from,
    catalogue_from,
    print_json,
    progress_bar,
)


def register(sub: Any) -> None:
    p = sub.add_parser("import-reports", help="import user reports on listings (CSV)",
                       description="Import users' reports: a CSV with the columns listing_id,"
                       "reason,reported_at. Each becomes a 'reported' flag; the listing joins "
                       "the moderation queue.")
    p.add_argument("path", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_import_reports)

    p = sub.add_parser("moderate", help="score listings and work the moderation queue")
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    a = msub.add_parser("calibrate", help="pick the category_mismatch threshold for a run",
                        description="Pick the category_mismatch threshold on the run's "
                        "validation predictions for a target precision, assuming a share of "
                        "wrong declarations; store it with the run and say what recall to "
                        "expect.")
    a.add_argument("--run", type=int, required=True)
    a.add_argument("--precision", type=float, default=0.85)
    a.add_argument("--prevalence", type=float, default=0.1,
                   help="assumed share of listings with a wrong declared category")
    a.add_argument("--backend", choices=["auto", "keras", "tflite"], default="auto")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_calibrate)

    a = msub.add_parser("score", help="score new listings and raise flags",
                        description="Score new listings with a run (default: the calibrated "
                        "one) in batches. Several processes, on several machines, may score "
                        "one PostgreSQL catalogue at once; a killed scorer's batch returns "
                        "to the pool when its lease ends.")
    a.add_argument("--run", type=int)
    a.add_argument("--batch-size", type=int, default=32)
    a.add_argument("--lease", type=float, default=300.0, metavar="SECONDS",
                   help="how long a claimed batch stays this process's (default 300)")
    a.add_argument("--limit", type=int, help="score at most this many listings")
    a.add_argument("--backend", choices=["auto", "keras", "tflite"], default="auto")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_score)

    a = msub.add_parser("queue", help="flagged listings, highest priority first")
    a.add_argument("--kind", choices=FLAG_KINDS)
    a.add_argument("--limit", type=int, default=50)
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_queue)

    a = msub.add_parser("decide", help="decide a listing")
    a.add_argument("listing_id")
    group = a.add_mutually_exclusive_group(required=True)
    group.add_argument("--approve", action="store_true", help="the declared category is right")
    group.add_argument("--recategorise", metavar="CATEGORY")
    group.add_argument("--remove", metavar="REASON", help="a reason from the rules' list (or its number)")
    group.add_argument("--escalate", action="store_true")
    a.add_argument("--as", dest="actor", help="moderator name")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_decide)

    for name, text in (("undo", "undo your last decision"), ("redo", "redo what you undid last")):
        a = msub.add_parser(name, help=text)
        a.add_argument("--as", dest="actor", help="moderator name")
        a.add_argument("--json", action="store_true", help="print JSON for scripts")
        a.set_defaults(func=cmd_undo if name == "undo" else cmd_redo)

    a = msub.add_parser("stats", help="queue size, decisions, flags upheld, per moderator")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_stats)

    a = msub.add_parser("export", help="write the audit log of decisions (CSV)")
    a.add_argument("path", type=Path)
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_export)

    a = msub.add_parser("rules", help="print the flag rules in force, or store new ones")
    a.add_argument("--set", type=Path, metavar="FILE.toml", help="store these rules")
    a.add_argument("--json", action="store_true", help="print JSON for scripts")
    a.set_defaults(func=cmd_rules)


def _problems(problems: list[tuple[str, str]]) -> None:
    for where, why in problems[:20]:
        print(f"  refused: {where}: {why}", file=sys.stderr)
    if len(problems) > 20:
        print(f"  … and {len(problems) - 20} more", file=sys.stderr)


def import_listings_command(args: argparse.Namespace, *, max_file_bytes: int) -> int:
    """``reviewer import listings.csv`` when the CSV describes listings."""
    from reviewer.moderation.listings import import_listings

    catalogue = catalogue_from(args)
    with Cancel().installed() as cancel, progress_bar("Importing listings") as update:
        report = import_listings(catalogue, args.path, actor=actor_from(args),
                                 workers=args.workers, follow_links=args.follow_links,
                                 max_file_bytes=max_file_bytes, on_progress=update,
                                 should_stop=cancel)
    if getattr(args, "json", False):
        print_json(report.to_dict())
    else:
        print(report.summary())
        _problems(report.problems)
    return EXIT_PARTIAL if report.problems else EXIT_OK


def cmd_import_reports(args: argparse.Namespace) -> int:
    from reviewer.moderation.listings import import_reports

    result = import_reports(catalogue_from(args), args.path)
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"{result.flags_added} report(s) imported.")
        _problems(result.problems)
    return EXIT_PARTIAL if result.problems else EXIT_OK


def cmd_calibrate(args: argparse.Namespace) -> int:
    from reviewer.moderation.calibration import calibrate_run

    catalogue = catalogue_from(args)
    with Cancel().installed() as cancel, progress_bar("Validation predictions") as update:
        cal = calibrate_run(catalogue, args.run, precision=args.precision,
                            prevalence=args.prevalence, backend=args.backend,
                            on_progress=update, should_stop=cancel)
    if args.json:
        print_json(cal.to_dict())
    else:
        print(f"Run {args.run}: category_mismatch {cal.describe()}")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from reviewer.moderation.calibration import calibrated_run
    from reviewer.moderation.scoring import score_listings

    catalogue = catalogue_from(args)
    run_id = args.run if args.run is not None else calibrated_run(catalogue)
    with Cancel().installed() as cancel, progress_bar("Scoring listings", unit="listing") as update:
        summary = score_listings(catalogue, run_id, batch_size=args.batch_size,
                                 lease_seconds=args.lease, backend=args.backend,
                                 limit=args.limit, on_progress=update, should_stop=cancel)
    if args.json:
        print_json(summary.to_dict())
        return EXIT_OK
    print(f"Scored {summary.scored} listing(s) with run {run_id}; {summary.flagged} flagged "
          f"(category_mismatch threshold {summary.threshold:.4f}).")
    for kind in FLAG_KINDS:
        if summary.per_kind.get(kind):
            print(f"  {kind:<18} {summary.per_kind[kind]}")
    return EXIT_OK


def cmd_queue(args: argparse.Namespace) -> int:
    from reviewer.moderation.queue import queue

    items = queue(catalogue_from(args), kind=args.kind, limit=args.limit)
    if args.json:
        print_json([i.to_dict() for i in items])
        return EXIT_OK
    if not items:
        print("The queue is empty.")
        return EXIT_OK
    print(f"{'listing':<16} {'flags':<34} {'declared':<14} {'predicted':<14} {'score':>6}  claimed")
    for i in items:
        score = "" if i.score is None else f"{i.score:.2f}"
        claimed = i.claimed_by if i.claim_active() else ""
        print(f"{i.listing_id:<16} {','.join(i.flags):<34} {i.declared_category:<14} "
              f"{i.predicted_category or '':<14} {score:>6}  {claimed}")
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    from reviewer.moderation.decisions import decide

    if args.approve:
        action, category, reason = "approve", None, None
    elif args.recategorise:
        action, category, reason = "recategorise", args.recategorise, None
    elif args.remove:
        action, category, reason = "remove", None, args.remove
    else:
        action, category, reason = "escalate", None, None
    result = decide(catalogue_from(args), args.listing_id, moderator=actor_from(args),
                    action=action, category=category, reason=reason)
    if args.json:
        print_json(result.to_dict())
    else:
        extra = f" to {result.category}" if result.category else ""
        extra += f" ({result.reason})" if result.reason else ""
        print(f"Listing {result.listing_id}: {action}{extra}; {result.old_status} → "
              f"{result.new_status}; {result.labelled_images} photo label(s) written.")
    return EXIT_OK


def _undo_redo(args: argparse.Namespace, redo: bool) -> int:
    from reviewer.moderation import decisions

    fn = decisions.redo if redo else decisions.undo
    result = fn(catalogue_from(args), moderator=actor_from(args))
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"Listing {result.listing_id}: {result.action}; {result.old_status} → "
              f"{result.new_status}.")
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    return _undo_redo(args, redo=False)


def cmd_redo(args: argparse.Namespace) -> int:
    return _undo_redo(args, redo=True)


def cmd_stats(args: argparse.Namespace) -> int:
    from reviewer.moderation.queue import stats

    data = stats(catalogue_from(args))
    if args.json:
        print_json(data)
        return EXIT_OK
    print(f"Queue: {data['queue_size']} flagged listing(s) waiting.")
    print("Listings: " + ", ".join(f"{k} {v}" for k, v in sorted(data["listings_by_status"].items())))
    print("Decided: " + (", ".join(f"{k} {v}" for k, v in sorted(data["decided_per_action"].items()))
                         or "nothing yet"))
    for kind, entry in sorted(data["flags_upheld"].items()):
        print(f"  {kind:<18} upheld {entry['upheld']} of {entry['decided']} decided")
    for moderator, counts in sorted(data["per_moderator"].items()):
        print(f"  {moderator}: {counts['total']} decision(s)")
    median = data["median_seconds_per_decision"]
    if median is not None:
        print(f"Median time per decision: {median:.1f} s")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from reviewer.moderation.audit import export_decisions

    n = export_decisions(catalogue_from(args), args.path)
    if args.json:
        print_json({"decisions": n, "path": str(args.path)})
    else:
        print(f"{n} decision event(s) written to {args.path}.")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from reviewer.errors import UserError
    from reviewer.moderation.rules import load_rules, store_rules

    catalogue = catalogue_from(args)
    if args.set:
        try:
            text = args.set.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"Cannot read {args.set}: {exc}.") from exc
        with catalogue.write() as session:
            rules = store_rules(session, text)
    else:
        with catalogue.read() as session:
            rules = load_rules(session)
    if args.json:
        print_json({k: v for k, v in rules.__dict__.items() if k != "text"})
    else:
        print(rules.text.rstrip())
    return EXIT_OK
