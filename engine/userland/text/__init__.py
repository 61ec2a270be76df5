"""The text programs, as GNU (coreutils, grep, sed, mawk) and BusyBox run them.

Modules: ``streams`` (echo, printf, seq, yes, head, tail, wc), ``lines`` (sort,
uniq, cut, tr), ``grep``, ``sed``, ``awk``, ``pager`` (more, less); ``io`` (reading inputs, escapes,
numbers, headers) and ``regex`` (POSIX regular expressions) are what they share.
"""
