"""Renderers: Docker's output formats (tables, sizes, times, templates, JSON)."""
