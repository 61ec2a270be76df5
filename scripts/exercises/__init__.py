"""The exercises (.crs files with tasks and checks); installed as the package ``crsim_exercises`` (see setup.py)."""
