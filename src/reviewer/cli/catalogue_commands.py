"""Subcommands over the catalogue: import, stats, categories, split, label, undo,
redo, export, history."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewer.catalogue import categories as cats
from reviewer.catalogue import export, labels, queries, splits
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import SPLITS, Image
from reviewer.catalogue.undo import StepResult
from reviewer.cli.common import (
    EXIT_CANCELLED,
    EXIT_OK,
    EXIT_PARTIAL,
    Cancel,
    actor_from,
    catalogue_from,
    print_json,
    progress_bar,
)
from reviewer.csv_safe import safe_cell
from reviewer.errors import ConflictError, UserError


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import images from a folder or a CSV manifest",
                       description="Import images. A folder with sub-folders is read as one "
                       "folder per category; a folder of images alone as unlabelled; a .csv "
                       "file as a manifest with the columns path,label,split,listing_id,"
                       "seller_id,declared_category,title. Files already in the catalogue "
                       "are recognised by content and not added twice.")
    p.add_argument("path", type=Path, help="folder or CSV manifest")
    p.add_argument("--map", action="append", default=[], metavar="FOLDER=CATEGORY",
                   help="import folder FOLDER as category CATEGORY (repeatable)")
    p.add_argument("--layout", choices=["auto", "categories", "flat", "csv"], default="auto")
    p.add_argument("--split", choices=SPLITS, help="put every imported image in this split")
    p.add_argument("--add-categories", action="store_true",
                   help="create categories the import names that the catalogue lacks")
    p.add_argument("--report", type=Path, metavar="FILE.csv",
                   help="also write the list of refused files and conflicts here")
    p.add_argument("--workers", type=int, default=0, help="decoding processes (default: CPUs)")
    p.add_argument("--as", dest="actor", help="curator name for the label events")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("stats", help="counts per category and split")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("categories", help="list, add, rename, merge or retire categories")
    csub = p.add_subparsers(dest="action", metavar="ACTION")
    csub.add_parser("list", help="list categories with their image counts")
    a = csub.add_parser("add", help="add a category")
    a.add_argument("name")
    a = csub.add_parser("rename", help="rename a category (labels follow)")
    a.add_argument("old")
    a.add_argument("new")
    a = csub.add_parser("merge", help="move every image of SOURCE to TARGET and retire SOURCE")
    a.add_argument("source")
    a.add_argument("target")
    a.add_argument("--as", dest="actor", help="curator name for the label events")
    a = csub.add_parser("retire", help="stop offering a category (its images keep it)")
    a.add_argument("name")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_categories)

    p = sub.add_parser("split", help="assign train / validation / test splits",
                       description="Assign splits, stratified by category and grouped by "
                       "listing. The test split is frozen once it exists: new images go to "
                       "train / validation. Defaults follow the paper: test 20%% of all, "
                       "validation 20%% of the rest.")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--test", type=float, default=None, metavar="FRACTION")
    p.add_argument("--validation", type=float, default=None, metavar="FRACTION")
    p.add_argument("--group-by", choices=["listing", "seller", "none"], default=None)
    p.add_argument("--rebuild-test", action="store_true",
                   help="unfreeze and redraw every split, the test split included")
    p.add_argument("--check", action="store_true",
                   help="only report identical pictures that sit in different splits")
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("label", help="label images (one undoable step)",
                       description="Give images a category, or mark them unsure. Select "
                       "images by id, or by --where-category / --where-split.")
    p.add_argument("ids", nargs="*", type=int, metavar="IMAGE_ID")
    p.add_argument("--to", metavar="CATEGORY", help="the new category")
    p.add_argument("--none", action="store_true", help="remove the category")
    p.add_argument("--unsure", action="store_true", help="mark unsure (keeps the category)")
    p.add_argument("--sure", action="store_true", help="clear the unsure mark")
    p.add_argument("--where-category", metavar="CATEGORY")
    p.add_argument("--where-split", choices=[*SPLITS, "none"])
    p.add_argument("--as", dest="actor", help="curator name (default: settings, else OS user)")
    p.set_defaults(func=cmd_label)

    for name, text in (("undo", "undo your last labelling step"),
                       ("redo", "redo the step you undid last")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--as", dest="actor", help="curator name")
        p.set_defaults(func=cmd_undo if name == "undo" else cmd_redo)

    p = sub.add_parser("export", help="export images, a CSV of images, or the label history")
    p.add_argument("what", choices=["folders", "csv", "history"])
    p.add_argument("target", type=Path, help="folder (folders) or file (csv, history)")
    p.add_argument("--split", choices=SPLITS, help="folders: only this split")
    p.add_argument("--by-split", action="store_true", help="folders: one sub-folder per split")
    p.add_argument("--include-unsure", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("history", help="label events, newest last")
    p.add_argument("image_id", nargs="?", type=int)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(func=cmd_history)


def _parse_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"--map takes FOLDER=CATEGORY, got '{item}'.")
        folder, category = item.split("=", 1)
        mapping[folder.strip()] = category.strip()
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args)
    options = ImportOptions(
        actor=actor_from(args),
        layout=args.layout,
        mapping=_parse_map(args.map),
        split=args.split,
        add_categories=args.add_categories,
        workers=args.workers,
    )
    with Cancel().installed() as cancel, progress_bar("Importing") as update:
        report = run_import(catalogue, args.path, options, on_progress=update, should_stop=cancel)
    if report.categories_created:
        print(f"Categories created: {', '.join(report.categories_created)}")
    print(report.summary())
    problems = [("refused", p, r) for p, r in report.failures] + [
        ("conflict", p, r) for p, r in report.conflicts
    ]
    for kind, path, reason in problems[:20]:
        print(f"  {kind}: {path}: {reason}", file=sys.stderr)
    if len(problems) > 20:
        print(f"  … and {len(problems) - 20} more (use --report FILE.csv for the full list)",
              file=sys.stderr)
    if args.report and problems:
        with open(args.report, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["kind", "file", "reason"])
            writer.writerows([[safe_cell(v) for v in row] for row in problems])
        print(f"Report written to {args.report}")
    if report.cancelled:
        return EXIT_CANCELLED
    return EXIT_PARTIAL if report.failures else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args)
    with catalogue.read() as session:
        totals = queries.totals(session)
        per_category = splits.split_counts(session)
        config = splits.load_config(session)
    if args.json:
        print_json({"catalogue": catalogue.display_name, "totals": totals,
                    "per_category": per_category,
                    "split_config": config.__dict__ if config else None})
        return EXIT_OK
    print(f"Catalogue: {catalogue.display_name}")
    print(f"{totals['images']} images, {totals['labelled']} labelled, {totals['unsure']} unsure")
    columns = [*SPLITS, "none"]
    width = max([len(n) for n in per_category] + [8])
    print(f"{'category':<{width}}  " + "  ".join(f"{c:>10}" for c in columns) + f"  {'total':>8}")
    for name in sorted(per_category):
        row = per_category[name]
        print(f"{name:<{width}}  " + "  ".join(f"{row.get(c, 0):>10}" for c in columns)
              + f"  {sum(row.values()):>8}")
    return EXIT_OK


def cmd_categories(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args)
    action = args.action or "list"
    with catalogue.write() as session:
        if action == "add":
            cats.add_category(session, args.name)
            print(f"Added '{cats.clean_name(args.name)}'.")
        elif action == "rename":
            cats.rename_category(session, args.old, args.new)
            print(f"Renamed '{args.old}' to '{args.new}'.")
        elif action == "merge":
            result = labels.merge_categories(session, args.source, args.target,
                                             actor=actor_from(args))
            print(f"Merged '{args.source}' into '{args.target}': {result.changed} image(s) moved.")
        elif action == "retire":
            cats.retire_category(session, args.name)
            print(f"Retired '{args.name}'; its images keep their label.")
        else:
            if not cats.has_categories(session):
                cats.ensure_categories(session, list(cats.PAPER_CATEGORIES))
            infos = cats.list_categories(session, include_retired=True)
            if args.json:
                print_json([info.__dict__ for info in infos])
            else:
                for key, info in enumerate(infos, start=1):
                    state = " (retired)" if info.retired else ""
                    print(f"{key:>3}  {info.name:<28} {info.images:>8} images{state}")
    return EXIT_OK


def cmd_split(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args)
    if args.check:
        with catalogue.read() as session:
            groups = splits.duplicates_across_splits(session)
        if not groups:
            print("No identical pictures across splits.")
            return EXIT_OK
        print(f"{len(groups)} picture(s) appear in more than one split:")
        for group in groups:
            print("  " + ", ".join(f"image {i} ({s})" for i, s in group))
        return EXIT_PARTIAL
    with catalogue.read() as session:
        stored = splits.load_config(session) or splits.SplitConfig()
    config = splits.SplitConfig(
        seed=stored.seed if args.seed is None else args.seed,
        test_fraction=stored.test_fraction if args.test is None else args.test,
        validation_fraction=stored.validation_fraction if args.validation is None else args.validation,
        group_by=args.group_by or stored.group_by,
    )
    result = splits.make_splits(catalogue, config, rebuild_test=args.rebuild_test)
    assigned = ", ".join(f"{n} to {s}" for s, n in result.assigned.items() if n) or "nothing new"
    print(f"Assigned {assigned}. The test split is frozen; new images go to train/validation.")
    return EXIT_OK


def cmd_label(args: argparse.Namespace) -> int:
    if sum(bool(x) for x in (args.to, args.none, args.unsure, args.sure)) != 1:
        raise UserError("Say what to do: --to CATEGORY, --none, --unsure or --sure.")
    catalogue = catalogue_from(args, create=False)
    actor = actor_from(args)
    with catalogue.write() as session:
        ids = list(args.ids)
        if args.where_category or args.where_split:
            query = select(Image.id)
            if args.where_category:
                query = query.where(Image.category_id == cats.find_category(
                    session, args.where_category, allow_retired=True).id)
            if args.where_split:
                query = query.where(
                    Image.split.is_(None) if args.where_split == "none" else Image.split == args.where_split
                )
            ids.extend(session.scalars(query))
        if not ids:
            raise UserError("No images selected.", hint="Give image ids, or --where-category / --where-split.")
        if args.unsure or args.sure:
            result = labels.set_unsure(session, ids, args.unsure, actor=actor)
        else:
            result = labels.relabel(session, ids, None if args.none else args.to, actor=actor)
    print(f"{result.changed} image(s) changed, {result.unchanged} already so"
          + (f" (step {result.batch_id}; `reviewer undo` reverts it)." if result.batch_id else "."))
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    with catalogue.write() as session:
        result = labels.undo(session, actor=actor_from(args))
    return _report_step(result)


def cmd_redo(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    with catalogue.write() as session:
        result = labels.redo(session, actor=actor_from(args))
    return _report_step(result)


def _report_step(result: StepResult) -> int:
    """Exit 0: the whole step; 1: part of it (the rest is listed); 4: none of it.

    The step is settled in every case, so the next undo (or redo) moves on."""
    verb = "undone" if result.kind == "undo" else "redone"
    if result.complete:
        print(f"{verb.capitalize()}: {result.description}")
        return EXIT_OK
    lines = [f"  {x}" for x in result.left_alone]
    if result.reverted == 0:
        raise ConflictError(
            f"Nothing of '{result.description}' could be {verb}:\n" + "\n".join(lines),
            hint=f"Nothing was changed. Your next `reviewer {result.kind}` moves on to the step "
            "before this one.",
        )
    total = result.reverted + len(result.left_alone)
    print(f"{verb.capitalize()} {result.reverted} of {total} image(s) of '{result.description}'. "
          "Left alone:\n" + "\n".join(lines))
    return EXIT_PARTIAL


def cmd_export(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    if args.what == "folders":
        with Cancel().installed() as cancel, progress_bar("Exporting") as update:
            n = export.export_folders(catalogue, args.target, split=args.split,
                                      by_split=args.by_split, include_unsure=args.include_unsure,
                                      on_progress=update, should_stop=cancel)
        print(f"Exported {n} image(s) to {args.target}.")
    elif args.what == "csv":
        n = export.export_images_csv(catalogue, args.target)
        print(f"Wrote {n} image row(s) to {args.target}.")
    else:
        n = export.export_history_csv(catalogue, args.target)
        print(f"Wrote {n} label event(s) to {args.target}.")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    catalogue = catalogue_from(args, create=False)
    with catalogue.read() as session:
        entries = labels.history(session, args.image_id, limit=args.limit)
    if args.json:
        print_json([e.__dict__ for e in entries])
        return EXIT_OK
    if not entries:
        print("No label events yet.")
    for e in entries:
        old = (e.old or "∅") + ("?" if e.old_unsure else "")
        new = (e.new or "∅") + ("?" if e.new_unsure else "")
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  image {e.image_id:<7} {old} → {new}   "
              f"{e.actor} ({e.source})")
    return EXIT_OK
