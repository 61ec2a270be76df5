"""The lessons (.crs scripts); installed as the package ``crsim_lessons`` (see setup.py)."""
