"""Moderation of incoming listings (Qt-free): scoring a listing's image with a trained
run, flag rules, moderator decisions as events. Kept free of Qt by an import-linter
contract, like ``reviewer.catalogue`` and ``reviewer.training``."""
