"""Facts about the simulated host that several parts show (`info`, uname, /proc)."""

KERNEL_RELEASE = "6.8.0-crsim"
KERNEL_VERSION = "#1 SMP PREEMPT_DYNAMIC Thu Jan  1 00:00:00 UTC 2026"
MACHINE = "x86_64"
HOST_NAME = "crsim-host"  # the simulated host's hostname (`--network host` containers get it)
HOST_UPTIME_AT_START = 3600.0  # the host had been up an hour when the engine started
CPU_MODEL = "Intel(R) Xeon(R) CPU @ 2.20GHz"
# Docker's default capability set (CapEff of a container's root process).
DEFAULT_CAPABILITIES = 0x00000000A80425FB
