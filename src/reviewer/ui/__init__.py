"""The desktop application: the only package that imports PySide6.

Every action here calls the same Qt-free functions as the command line
(``reviewer.catalogue``, ``reviewer.training``); widgets only arrange them.
"""
