"""Subcommands for model-assisted labelling: suggest, accept."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reviewer.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    Cancel,
    actor_from,
    catalogue_from,
    print_json,
    progress_bar,
)
from reviewer.errors import UserError


def _fraction(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("give a confidence between 0 and 1 (or 0 % and 100 %)")
    return value


def register(sub: Any) -> None:
    p = sub.add_parser(
        "suggest", help="suggest a category for every unlabelled image (never a label)",
        description="Suggest a category for every unlabelled image from the newest finished "
        "run (or the run you name), else from a linear classifier on the embeddings "
        "(`reviewer embed` first). Suggestions are stored, not labels: `reviewer accept` "
        "turns them into labels. They are recomputed when a newer run finished, enough "
        "new labels arrived, or you ask (--refresh). Ctrl-C stops cleanly.")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--run", type=int, metavar="N", help="suggest with run N's model")
    source.add_argument("--linear", action="store_true",
                        help="suggest with the linear classifier on the embeddings")
    p.add_argument("--refresh", action="store_true", help="recompute even if not stale")
    p.add_argument("--order", choices=["useful", "easiest"], default="useful",
                   help="most useful to label first (lowest margin), or easiest first")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="print at most N (0: all)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser(
        "accept", help="accept stored suggestions as labels (one undoable step)",
        description="Give unlabelled images their suggested category: the images named, or "
        "every image whose suggestion reaches --min-confidence (of --category, if given). "
        "One step for `reviewer undo`; the label events have source 'suggestion'. Prints "
        "how many and the source's measured precision at that confidence.")
    p.add_argument("image_ids", type=int, nargs="*", metavar="IMAGE_ID",
                   help="only these images (default: every image above the threshold)")
    p.add_argument("--min-confidence", type=_fraction, default=None, metavar="P",
                   help="lowest confidence accepted, 0..1 or a percentage (default 0.95 "
                   "without image ids, 0 with them)")
    p.add_argument("--category", metavar="C", help="only suggestions of this category")
    p.add_argument("--as", dest="actor", help="curator name for the label events")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_accept)


def cmd_suggest(args: argparse.Namespace) -> int:
    from reviewer.catalogue import suggestions
    from reviewer.curation import suggest

    catalogue = catalogue_from(args, create=False)
    with catalogue.read() as session:
        info = suggestions.source_info(session)
    why = suggest.is_stale(catalogue) if args.run is None and not args.linear else None
    if args.run is not None and (info is None or info.run_id != args.run):
        why = f"run {args.run} asked for"
    if args.linear and (info is None or info.kind != "linear"):
        why = "the linear classifier asked for"
    if args.refresh:
        why = why or "asked for"
    if why:
        print(f"Computing suggestions ({why})…", file=sys.stderr)
        with Cancel().installed() as cancel, progress_bar("Suggesting") as bar:
            done = suggest.refresh(catalogue, source="linear" if args.linear else "auto",
                                   run_id=args.run, on_progress=bar, should_stop=cancel)
        info = done.source
        print(f"{done.stored:,} suggestion(s) for {done.unlabelled:,} unlabelled image(s) "
              f"from {info.describe()} ({done.seconds:.1f} s).", file=sys.stderr)
    assert info is not None
    limit = args.limit if args.limit > 0 else None
    with catalogue.read() as session:
        shown = suggestions.open_suggestions(session, limit=limit, order=args.order)
        total = suggestions.count_open(session)
    if args.json:
        print_json({"source": info.as_json(), "open": total,
                    "suggestions": [{"image_id": s.image_id, "file_name": s.file_name,
                                     "suggestion": s.category,
                                     "confidence": round(s.confidence, 4),
                                     "margin": round(s.margin, 4), "second": s.second}
                                    for s in shown]})
        return EXIT_OK
    print(f"{total:,} unlabelled image(s) with a suggestion from {info.describe()}"
          + (f"; the first {len(shown)}" if len(shown) < total else "") + ":")
    for s in shown:
        print(f"{s.image_id:>8}  {s.category:<16} {100 * s.confidence:5.1f} %  "
              f"(next: {s.second or '-'}, margin {s.margin:.2f})  {s.file_name}")
    for threshold in (0.9, 0.95, 0.99):
        precision, n = info.precision_at(threshold)
        with catalogue.read() as session:
            above = suggestions.count_open(session, min_confidence=threshold)
        measured = f"measured precision {100 * precision:.1f} % on {n:,} held-out images" \
            if precision is not None else "precision not measured"
        print(f"  ≥ {100 * threshold:.0f} %: {above:,} image(s), {measured}")
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    from reviewer.catalogue import suggestions

    catalogue = catalogue_from(args, create=False)
    threshold = args.min_confidence
    if threshold is None:
        threshold = 0.0 if args.image_ids else 0.95
    with catalogue.read() as session:
        info = suggestions.source_info(session)
    if info is None:
        raise UserError("There are no suggestions to accept yet.",
                        hint="Run `reviewer suggest` first.")
    with Cancel().installed() as cancel, catalogue.write() as session:
        result = suggestions.accept(session, actor=actor_from(args),
                                    image_ids=args.image_ids or None,
                                    min_confidence=threshold, category=args.category)
        if cancel():  # Ctrl-C while writing: nothing is kept
            session.rollback()
            raise KeyboardInterrupt
    precision, n = info.precision_at(threshold)
    missed = len(set(args.image_ids)) - result.changed if args.image_ids else 0
    if args.json:
        print_json({"accepted": result.changed, "batch_id": result.batch_id,
                    "min_confidence": threshold, "measured_precision": precision,
                    "measured_on": n, "how": info.how, "not_accepted": max(0, missed)})
    else:
        measured = (f"measured precision {100 * precision:.1f} % at ≥ {100 * threshold:.0f} % "
                    f"({info.how})"
                    if precision is not None else "precision not measured at this confidence")
        print(f"Accepted {result.changed:,} suggestion(s) from {info.describe()}; {measured}. "
              "`reviewer undo` takes them back in one step.")
        if missed > 0:
            print(f"{missed} of the images named had no open suggestion (labelled already, "
                  "or below the threshold); left alone.")
    return EXIT_PARTIAL if missed > 0 else EXIT_OK
