"""Processes: the program contract, the kernel view of a container, signals and /proc."""
