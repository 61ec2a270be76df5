"""Full-screen programs: they take the terminal (raw mode), read keys one by one and
draw with escape sequences, as the real ones do on a terminal.

Modules: ``ansi`` (the escape sequences and the raw-mode session they share),
``vi`` (BusyBox's vi), ``pager`` (BusyBox's less and more on a terminal).
"""

from . import vi, pager  # noqa: F401  (registers the programs)
