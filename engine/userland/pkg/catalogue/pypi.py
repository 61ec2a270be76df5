"""What `pip install` finds on PyPI.

Two sources: ``_TABLE`` below, projects modelled in detail (line: name|version|wheel
bytes|requires|top-level module|console scripts|wheel tag; versions and wheel sizes
are PyPI's, the wheels were measured), and ``pypi_index.tsv.gz``, the 15,000 most
downloaded projects with their newest version and summary (scripts/gen_pypi_catalogue.py).
For those, the dependencies are the ones in ``REQUIRES`` (looked up one by one in the
projects' own metadata, source given) and none otherwise; the wheel size is an
estimate (``ESTIMATED_WHEEL``), a universal wheel is assumed.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import lru_cache
from typing import Dict, NamedTuple, Optional, Tuple


class Dist(NamedTuple):
    name: str
    version: str
    size: int
    requires: Tuple[str, ...]
    module: str
    scripts: Tuple[str, ...]
    tag: str


_TABLE = """
flask|3.1.3|103424|blinker>=1.9.0 click>=8.1.3 itsdangerous>=2.2.0 jinja2>=3.1.2 markupsafe>=2.1.1 werkzeug>=3.1.0|flask|flask|py3-none-any
blinker|1.9.0|8458||blinker||py3-none-any
click|8.5.1|126163||click||py3-none-any
itsdangerous|2.2.0|16234||itsdangerous||py3-none-any
jinja2|3.1.6|134899|markupsafe>=2.0|jinja2||py3-none-any
markupsafe|3.0.4|23017||markupsafe||cp313-cp313-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64
werkzeug|3.1.9|228700|markupsafe>=2.1.1|werkzeug||py3-none-any
requests|2.34.2|73075|charset_normalizer<4,>=2 idna<4,>=2.5 urllib3<3,>=1.21.1 certifi>=2017.4.17|requests||py3-none-any
charset-normalizer|3.5.3|256179||charset_normalizer|normalizer|cp313-cp313-manylinux1_x86_64.manylinux_2_28_x86_64.manylinux_2_5_x86_64
idna|3.20|69583||idna||py3-none-any
urllib3|2.8.0|135717||urllib3||py3-none-any
certifi|2026.10.19.post1|134047||certifi||py3-none-any
"""

DISTS: Dict[str, Dist] = {}
for _line in _TABLE.strip().splitlines():
    _name, _version, _size, _requires, _module, _scripts, _tag = _line.split("|")
    DISTS[_name] = Dist(_name, _version, int(_size), tuple(_requires.split()), _module,
                        tuple(_scripts.split()), _tag)


def canonical(name: str) -> str:
    """PEP 503 normalisation: Flask, flask and FLASK are one project; _ and . are -."""
    return re.sub(r"[-_.]+", "-", name).lower()


ESTIMATED_WHEEL = 120_000  # bytes: the size of a typical pure-Python wheel, for projects not measured
# name -> requirements, from each project's own metadata (pyproject.toml [project].dependencies)
REQUIRES: Dict[str, Tuple[str, ...]] = {
    "gunicorn": ("packaging",),  # benoitc/gunicorn@02d3dd8b7ae2:pyproject.toml
    "redis": ('async-timeout>=4.0.3; python_full_version<"3.11.3"',),  # redis/redis-py@0160963cfd46:pyproject.toml
    "django": ("asgiref>=3.11.0", "sqlparse>=0.5.0", "tzdata; sys_platform == 'win32'"),  # django/django@023939c0ac94
}
# name -> console scripts (the projects' [project.scripts] / entry_points console_scripts)
SCRIPTS: Dict[str, Tuple[str, ...]] = {
    "django": ("django-admin",), "gunicorn": ("gunicorn",), "uvicorn": ("uvicorn",), "celery": ("celery",),
    "pytest": ("pytest", "py.test"), "black": ("black", "blackd"), "alembic": ("alembic",),
    "fastapi": ("fastapi",), "pip": ("pip", "pip3"), "wheel": ("wheel",), "setuptools": (),
}
_INDEX = os.path.join(os.path.dirname(__file__), "pypi_index.tsv.gz")


@lru_cache(maxsize=1)
def _index() -> Dict[str, Tuple[str, str, str]]:
    with gzip.open(_INDEX, "rt", encoding="utf-8") as f:
        rows = (line.rstrip("\n").split("\t") for line in f)
        return {canonical(r[0]): (r[0], r[1], r[2] if len(r) > 2 else "") for r in rows}


def lookup(name: str) -> Optional[Dist]:
    """The project ``name`` names (any spelling), or None when PyPI has no such project."""
    key = canonical(name)
    if key in DISTS:
        return DISTS[key]
    row = _index().get(key)
    if row is None or not row[1]:
        return None
    display, version, _ = row
    return Dist(display, version, ESTIMATED_WHEEL, REQUIRES.get(key, ()), key.replace("-", "_"),
                SCRIPTS.get(key, ()), "py3-none-any")
