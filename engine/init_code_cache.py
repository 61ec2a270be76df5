"""Records' compiled ``__init__`` code, kept between runs (issue 18).

A record compiles its ``__init__`` once a class has made ``COMPILED_AFTER`` instances
(engine/record.py; the first ones bind their fields without it): about 60 us of
``compile`` a class, and 0.7-1.5 ms for a process's first compile when its modules were
read from bytecode (as an installed copy's are). A `run busybox echo hi` compiles one or
two classes (Flag: the command modules it imports declare some 130), so a start saves
mostly that first compile (about 1 ms, against 0.2 ms of reading this cache; a process
without bytecode has compiled its sources already, and the cache costs it more than it
saves). The code objects are kept in the cache directory (engine/cache_dir.py) by
their source text, which names everything the code depends on (each kept marshalled,
so that a run unpacks only the code it uses): the file needs no other key than the
interpreter's version (marshal's format and the bytecode are Python's), and a class that changed has another source, hence its own entry. The file
is read on the first compile of a run and written again when a run compiled something
it did not hold; a missing or unreadable file is an empty one, and one that cannot be
written only loses the saving.
"""

import marshal

FORMAT = 1
# source -> its code, marshalled: a run unpacks only the few it uses of all those kept
_known = None


def code_for(source: str):
    """The compiled code of ``source`` (one ``def``), from the cache or compiled now."""
    known = _load()
    kept = known.get(source)
    if kept is not None:
        try:
            code = marshal.loads(kept)
            if type(code) is _CODE:
                return code
        except Exception:  # damaged: compiled again
            pass
    code = compile(source, "<string>", "exec")
    known[source] = marshal.dumps(code)
    _write()
    return code


def _path():
    import os
    from .cache_dir import checkout_file
    return checkout_file("record-init-code", os.path.dirname(os.path.abspath(__file__)), ".marshal")


_CODE = type(_path.__code__)  # (not by compiling: a process's first compile costs 0.7 ms)


def _load() -> dict:
    global _known
    if _known is None:
        _known = {}
        path = _path()
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    kept_format, kept = marshal.loads(handle.read())  # (load() reads bit by bit)
                if kept_format == FORMAT and isinstance(kept, dict) and all(
                        type(key) is str and type(code) is bytes for key, code in kept.items()):
                    _known = kept
            except Exception:  # missing, half-written, another format: start empty
                pass
    return _known


def _write() -> None:
    path = _path()
    if path is not None:
        from .cache_dir import write_atomically
        data = marshal.dumps((FORMAT, _known))
        write_atomically(path, lambda handle: handle.write(data))
