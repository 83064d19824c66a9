"""The desktop application: the only package that imports PySide6.

Every action here calls the same Qt-free functions as the command line
(``reviewer.catalogue``, ``reviewer.training``); widgets only arrange them.

One sub-package per screen (napari's ``_qt/`` is the model): ``grid/`` (the thumbnail
grid every screen shows), ``catalogue/``, ``training/``, ``runs/``, ``dialogs/`` and
``common/`` (the worker thread, notices, resources). ``app.py`` starts the app and
``main_window.py`` holds the screens together.
"""
