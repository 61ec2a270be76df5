"""What `pip install` finds on PyPI: pure-Python wheels and their requirements.

Line: name|version|wheel bytes|requires (name>=spec ...)|top-level module|console scripts|wheel tag
Versions and wheel sizes are PyPI's current ones (the wheels were measured).
"""

from __future__ import annotations

from typing import Dict, NamedTuple, Tuple


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
    return name.lower().replace("_", "-").replace(".", "-")
