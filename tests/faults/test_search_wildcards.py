"""Search text is text (issue 18.5): `%`, `_` and the escape character typed into the
search box match themselves, in the file-name search and in the hash-prefix search,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.queries import ImageFilter, count_images, page_images
from reviewer.catalogue.schema import Image


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def cat(
    request: pytest.FixtureRequest, tmp_path: Path, make_image: Callable[..., Path]
) -> Iterator[Catalogue]:
    url = (f"sqlite:///{tmp_path / 'search.sqlite'}" if request.param == "sqlite"
           else str(request.getfixturevalue("pg_url")))
    catalogue = open_catalogue(url)
    names = ["plain.jpg", "50%_off.jpg", "a_b.jpg", "axb.jpg", "back\\slash.jpg", "slash/no.jpg"]
    for i, name in enumerate(names):
        make_image(tmp_path / "in" / "hat" / name.replace("/", "#"), pattern=i)
    run_import(catalogue, tmp_path / "in", ImportOptions(actor="t", workers=1))
    yield catalogue
    catalogue.close()


def _names(cat: Catalogue, text: str) -> set[str]:
    with cat.read() as s:
        rows = page_images(s, ImageFilter(search=text), limit=100)
        assert count_images(s, ImageFilter(search=text)) == len(rows)
        return {row.file_name for row in rows}


@pytest.mark.parametrize("text", ["%%%", "%%%%%%", "______", "%_%_%_", "\\%%%%%%"])
def test_wildcards_alone_match_nothing(cat: Catalogue, text: str) -> None:
    assert _names(cat, text) == set()


def test_wildcards_match_themselves(cat: Catalogue) -> None:
    assert _names(cat, "50%") == {"50%_off.jpg"}
    assert _names(cat, "a_b") == {"a_b.jpg"}  # not axb.jpg
    assert _names(cat, "%_off") == {"50%_off.jpg"}
    assert _names(cat, "k\\s") == {"back\\slash.jpg"}
    assert _names(cat, "h#n") == {"slash#no.jpg"}


def test_hash_prefix_search_still_finds_its_image(cat: Catalogue) -> None:
    with cat.read() as s:
        sha, name = s.execute(select(Image.sha256, Image.file_name).limit(1)).one()
    assert _names(cat, sha[:8]) == {name}
    assert _names(cat, sha[:8].upper()) == {name}
    assert _names(cat, sha[:5] + "_") == set()  # a wildcard in a hash prefix is not a digit
