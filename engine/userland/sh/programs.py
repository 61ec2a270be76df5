"""The shells as programs: sh and ash (busybox), bash, dash (debian's /bin/sh)."""

from ...proc.api import program
from .main import make_main

ash_main = program("sh", "ash")(make_main("ash"))
bash_main = program("bash")(make_main("bash"))
dash_main = program("dash")(make_main("dash"))
