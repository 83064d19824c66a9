"""Subcommands for finding wrong labels: embed, suspects, similar, duplicates, confirm."""

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


def register(sub: Any) -> None:
    p = sub.add_parser(
        "embed", help="compute one embedding per image (EfficientNet-Lite0, offline)",
        description="Give every image of the catalogue an embedding from the frozen "
        "ImageNet EfficientNet-Lite0 (average-pooled, 1280 values). Vectors are kept once "
        "per image content, so a re-import or another catalogue reuses them. Ctrl-C stops "
        "cleanly; running it again resumes.")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser(
        "suspects", help="images whose label is most likely wrong (or outliers, or pairs)",
        description="Rank labelled images by how likely their label is wrong: out-of-sample "
        "probabilities from a cross-validated linear model on the embeddings, ranked by "
        "confident learning (cleanlab). Confirmed images are left out.")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--outliers", action="store_true",
                      help="images no category explains, instead")
    what.add_argument("--pairs", action="store_true",
                      help="the categories most easily confused, instead")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (0: all)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_suspects)

    p = sub.add_parser("similar", help="the images most like one image")
    p.add_argument("image_id", type=int, metavar="IMAGE_ID")
    p.add_argument("--k", type=int, default=20, help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser(
        "duplicates", help="groups of near-duplicate images (embeddings + difference hash)",
        description="Groups of the same picture (re-encoded, resized, re-saved copies): "
        "look-alikes by embedding, confirmed by the difference hash. Exit code 1 when "
        "--across-splits finds a leak.")
    p.add_argument("--across-splits", action="store_true",
                   help="only groups whose images sit in different splits (leaks)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser(
        "confirm", help="record that suggested images are fine (not suggested again)",
        description="Record a verdict as an event: the label is right (label_error), the "
        "image belongs (outlier), the images are not duplicates (duplicate, leak). "
        "--reopen withdraws an earlier confirmation.")
    p.add_argument("image_ids", type=int, nargs="+", metavar="IMAGE_ID")
    p.add_argument("--kind", default="label_error",
                   choices=["label_error", "outlier", "duplicate", "leak"])
    p.add_argument("--reopen", action="store_true")
    p.add_argument("--as", dest="actor", help="curator name for the event")
    p.set_defaults(func=cmd_confirm)


def cmd_embed(args: argparse.Namespace) -> int:
    from reviewer.curation.embed import embed_catalogue, lite0_embedder

    catalogue = catalogue_from(args, create=False)
    print("Loading EfficientNet-Lite0 (ImageNet weights, offline)…", file=sys.stderr)
    embedder = lite0_embedder()
    with Cancel().installed() as cancel, progress_bar("Embedding") as bar:
        result = embed_catalogue(catalogue, embedder, on_progress=bar, should_stop=cancel)
    if args.json:
        print_json({"images": result.total, "computed": result.computed,
                    "already": result.already,
                    "failed": [{"image_id": i, "reason": r} for i, r in result.failed],
                    "key": embedder.key})
    else:
        print(f"{result.total} image(s): {result.computed} embedded now, "
              f"{result.already} already had an embedding.")
        for image_id, reason in result.failed:
            print(f"  image {image_id}: {reason}")
    return EXIT_PARTIAL if result.failed else EXIT_OK


def cmd_suspects(args: argparse.Namespace) -> int:
    from reviewer.curation.review import label_review

    catalogue = catalogue_from(args, create=False)
    with Cancel().installed() as cancel:
        analysis = label_review(catalogue, should_stop=cancel)
    limit = args.limit if args.limit > 0 else None
    pairs, outliers, suspects = (analysis.pairs[:limit], analysis.outliers[:limit],
                                 analysis.suspects[:limit])
    if args.json:
        chosen = pairs if args.pairs else outliers if args.outliers else suspects
        print_json([item.as_json() for item in chosen])
        return EXIT_OK
    if args.pairs:
        for pair in pairs:
            print(f"{pair.a:>16} ↔ {pair.b:<16} {pair.images:>6} image(s) between them")
    elif args.outliers:
        for o in outliers:
            print(f"{o.image_id:>8}  {o.label:<14} {o.file_name}  ({o.why})")
    else:
        print(f"{len(analysis.suspects)} suspected label error(s) among "
              f"{len(analysis.labels)} labelled images ({analysis.seconds:.1f} s):")
        for s in suspects:
            print(f"{s.image_id:>8}  {s.label:>14} → {s.suggested:<14} score {s.score:.3f}  "
                  f"{s.file_name}")
    return EXIT_OK


def cmd_similar(args: argparse.Namespace) -> int:
    from reviewer.curation.review import similar

    catalogue = catalogue_from(args, create=False)
    neighbours = similar(catalogue, args.image_id, args.k)
    if args.json:
        print_json([n.as_json() for n in neighbours])
        return EXIT_OK
    for n in neighbours:
        print(f"{n.image_id:>8}  {n.similarity:.3f}  {n.label or '-':<14} {n.split or '-':<10} "
              f"{n.file_name}")
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    from reviewer.curation.review import duplicate_review

    catalogue = catalogue_from(args, create=False)
    groups = duplicate_review(catalogue, across_splits=args.across_splits)
    if args.json:
        print_json([g.as_json() for g in groups])
    elif not groups:
        print("No near-duplicates across splits." if args.across_splits
              else "No near-duplicates.")
    else:
        what = "leak(s) across splits" if args.across_splits else "near-duplicate group(s)"
        print(f"{len(groups)} {what}:")
        for g in groups:
            print("  " + ", ".join(f"image {m.image_id} ({m.split or 'no split'}, "
                                   f"{m.label or 'unlabelled'})" for m in g.members))
    return EXIT_PARTIAL if args.across_splits and groups else EXIT_OK


def cmd_confirm(args: argparse.Namespace) -> int:
    from reviewer.curation import confirmations

    catalogue = catalogue_from(args, create=False)
    with catalogue.write() as session:
        record = confirmations.reopen if args.reopen else confirmations.confirm
        n = record(session, args.image_ids, args.kind, actor=actor_from(args))
    verb = "Reopened" if args.reopen else "Confirmed"
    print(f"{verb} {n} image(s) ({args.kind}).")
    return EXIT_OK
