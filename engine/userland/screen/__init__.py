"""Full-screen programs: they take the terminal (raw mode), read keys one by one and
draw with escape sequences, as the real ones do on a terminal.

Modules: ``ansi`` (the escape sequences and the raw-mode session they share),
``vi`` (BusyBox's vi), ``pager`` (the screens of less and more, which
text/pager.py runs on a terminal).
"""
