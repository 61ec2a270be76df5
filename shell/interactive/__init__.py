"""The interactive prompt: REPL, completion, highlighting, toolbar and history.

Only ``shell.main`` imports this package, and only on a terminal: it is the
one part of crsim that needs prompt_toolkit and pygments.
"""
