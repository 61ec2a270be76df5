"""The virtual file system: immutable layers and the overlayfs-style union view."""
