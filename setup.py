# Metadata lives in setup.cfg. This file only maps the lessons in scripts/lessons
# into the installed package ``crsim_lessons``, so `demo` works after `pip install .`.
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["engine", "engine.*", "shell", "shell.*"]) + ["crsim_lessons"],
    package_dir={"crsim_lessons": "scripts/lessons"},
    package_data={"crsim_lessons": ["*.crs"], "engine.image.registry": ["hub/*.json.gz", "hub/*/*.json.gz", "hub/*/*/*.json.gz"],
                  "engine.userland.pkg.catalogue": ["data/*.tsv.xz", "pypi_index.tsv.gz", "npm_index.tsv.gz"],
                  "engine.userland.system": ["hello_message.txt"],
                  "shell.render": ["inspect_types.json"]},
)
