"""The flags of `run` and `create`, as Docker's CLI declares them (help texts, kinds,
defaults, completions). Read only when the command table is built from the declarations
(shell/command_table.py keeps it): a `run` parses with the kept table and never makes
these hundred flags again (issue 18). What the values mean is run_options.py's.
"""

from __future__ import annotations

from engine.container.config import RESTART_POLICIES
from engine.engine import LOG_DRIVERS

from ..spec import (COMPLETE_HOST_FILE, COMPLETE_NETWORK, COMPLETE_SIGNAL, DETACH_KEYS_FLAG, Flag,
                    unsimulated_flag)
from .run_options import PULL_POLICIES

CGROUPNS_HELP = ("Cgroup namespace to use (host|private)\n'host':    Run the container in the "
                 "Docker host's cgroup namespace\n'private': Run the container in its own private "
                 "cgroup namespace\n'':        Use the cgroup namespace as configured by the\n"
                 "           default-cgroupns-mode option on the daemon (default)")


# Docker's options crsim does not simulate: devices, block IO, real-time CPU, Windows,
# user and UTS namespaces, storage and runtime choices. `run --help` lists them as Docker
# does; giving one is refused with a clear message.
UNSIMULATED_FLAGS = (
    unsimulated_flag("blkio-weight", "int", "Block IO (relative weight), between 10 and 1000, or 0 "
                 "to disable (default 0)", type_name="uint16"),
    unsimulated_flag("blkio-weight-device", "list", "Block IO weight (relative device weight)",
                 shows_default="[]"),
    unsimulated_flag("cgroup-parent", help="Optional parent cgroup for the container"),
    unsimulated_flag("cpu-count", "int", "CPU count (Windows only)"),
    unsimulated_flag("cpu-percent", "int", "CPU percent (Windows only)"),
    unsimulated_flag("cpu-rt-period", "int", "Limit CPU real-time period in microseconds"),
    unsimulated_flag("cpu-rt-runtime", "int", "Limit CPU real-time runtime in microseconds"),
    unsimulated_flag("device", "list", "Add a host device to the container"),
    unsimulated_flag("device-cgroup-rule", "list", "Add a rule to the cgroup allowed devices list"),
    unsimulated_flag("device-read-bps", "list", "Limit read rate (bytes per second) from a device",
                 shows_default="[]"),
    unsimulated_flag("device-read-iops", "list", "Limit read rate (IO per second) from a device",
                 shows_default="[]"),
    unsimulated_flag("device-write-bps", "list", "Limit write rate (bytes per second) to a device",
                 shows_default="[]"),
    unsimulated_flag("device-write-iops", "list", "Limit write rate (IO per second) to a device",
                 shows_default="[]"),
    unsimulated_flag("gpus", help="GPU devices to add to the container ('all' to pass all GPUs)",
                 type_name="gpu-request"),
    unsimulated_flag("io-maxbandwidth", help="Maximum IO bandwidth limit for the system drive "
                 "(Windows only)", type_name="bytes"),
    unsimulated_flag("io-maxiops", "int", "Maximum IOps limit for the system drive (Windows only)",
                 type_name="uint"),
    unsimulated_flag("ip6", help="IPv6 address (e.g., 2001:db8::33)"),
    unsimulated_flag("isolation", help="Container isolation technology"),
    unsimulated_flag("kernel-memory", help="Kernel memory limit", type_name="bytes"),
    Flag("link", kind="list", help="Add link to another container"),
    unsimulated_flag("link-local-ip", "list", "Container IPv4/IPv6 link-local addresses"),
    unsimulated_flag("runtime", help="Runtime to use for this container"),
    unsimulated_flag("storage-opt", "list", "Storage driver options for the container"),
    unsimulated_flag("volume-driver", help="Optional volume driver for the container"),
    unsimulated_flag("use-api-socket", "bool", "Bind mount Docker API socket and required auth"),
)

SHARED_FLAGS = (
    Flag("annotation", kind="list", type_name="map",
         help="Add an annotation to the container (passed through to the OCI runtime)"),
    Flag("attach", "a", "list", "Attach to STDIN, STDOUT or STDERR"),
    Flag("cidfile", kind="string", help="Write the container ID to the file"),
    Flag("disable-content-trust", help="Skip image verification", default=True),
    Flag("group-add", kind="list", help="Add additional groups to join"),
    Flag("help", help="Print usage"),
    Flag("label-file", kind="list", help="Read in a line delimited file of labels"),
    Flag("platform", kind="string", help="Set platform if server is multi-platform capable"),
    Flag("quiet", "q", help="Suppress the pull output"),
    Flag("add-host", kind="list", help="Add a custom host-to-IP mapping (host:ip)"),
    Flag("cap-add", kind="list", help="Add Linux capabilities"),
    Flag("cap-drop", kind="list", help="Drop Linux capabilities"),
    Flag("cpu-period", kind="int", help="Limit CPU CFS (Completely Fair Scheduler) period"),
    Flag("cpu-quota", kind="int", help="Limit CPU CFS (Completely Fair Scheduler) quota"),
    Flag("cpu-shares", "c", "int", "CPU shares (relative weight)", default=0),
    Flag("cpus", kind="string", type_name="decimal", help="Number of CPUs"),
    Flag("cpuset-cpus", kind="string", help="CPUs in which to allow execution (0-3, 0,1)"),
    Flag("cpuset-mems", kind="string", help="MEMs in which to allow execution (0-3, 0,1)"),
    Flag("dns", kind="list", help="Set custom DNS servers"),
    Flag("dns-option", kind="list", help="Set DNS options"),
    Flag("dns-search", kind="list", help="Set custom DNS search domains"),
    Flag("domainname", kind="string", help="Container NIS domain name"),
    Flag("entrypoint", kind="string", help="Overwrite the default ENTRYPOINT of the image"),
    Flag("env", "e", "list", "Set environment variables"),
    Flag("env-file", kind="list", help="Read in a file of environment variables",
         completes=COMPLETE_HOST_FILE),
    Flag("expose", kind="list", help="Expose a port or a range of ports"),
    Flag("health-cmd", kind="string", help="Command to run to check health"),
    Flag("health-interval", kind="string", type_name="duration",
         help="Time between running the check (ms|s|m|h) (default 0s)"),
    Flag("health-retries", kind="int", help="Consecutive failures needed to report unhealthy"),
    Flag("health-start-interval", kind="string", type_name="duration",
         help="Time between running the check during the start period (ms|s|m|h) (default 0s)"),
    Flag("health-start-period", kind="string", type_name="duration",
         help="Start period for the container to initialize before starting health-retries "
              "countdown (ms|s|m|h) (default 0s)"),
    Flag("health-timeout", kind="string", type_name="duration",
         help="Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
    Flag("hostname", "h", "string", "Container host name"),
    Flag("init", help="Run an init inside the container that forwards signals and reaps processes"),
    Flag("interactive", "i", help="Keep STDIN open even if not attached"),
    Flag("ip", kind="string", help="IPv4 address (e.g., 172.30.100.104)"),
    Flag("ipc", kind="string", help="IPC mode to use",
         completes=("private", "shareable", "none", "host", "container:")),
    Flag("label", "l", "list", "Set meta data on a container"),
    Flag("log-driver", kind="string", help="Logging driver for the container",
         completes=LOG_DRIVERS),
    Flag("log-opt", kind="list", help="Log driver options"),
    Flag("mac-address", kind="string", help="Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
    Flag("memory", "m", "string", "Memory limit", type_name="bytes"),
    Flag("memory-reservation", kind="string", help="Memory soft limit", type_name="bytes"),
    Flag("memory-swap", kind="string", help="Swap limit equal to memory plus swap: '-1' to enable "
         "unlimited swap", type_name="bytes"),
    Flag("memory-swappiness", kind="int", help="Tune container memory swappiness (0 to 100)",
         default=-1),
    Flag("oom-kill-disable", help="Disable OOM Killer"),
    Flag("oom-score-adj", kind="int", help="Tune host's OOM preferences (-1000 to 1000)"),
    Flag("mount", kind="list", type_name="mount", help="Attach a filesystem mount to the container"),
    Flag("name", kind="string", help="Assign a name to the container"),
    Flag("net", kind="string", help="Connect a container to a network", hidden=True),
    Flag("net-alias", kind="list", help="Add network-scoped alias for the container",
         hidden=True),
    Flag("network", kind="string", type_name="network",
         help="Connect a container to a network", completes=COMPLETE_NETWORK),
    Flag("network-alias", kind="list", help="Add network-scoped alias for the container"),
    Flag("no-healthcheck", help="Disable any container-specified HEALTHCHECK"),
    Flag("pids-limit", kind="int", help="Tune container pids limit (set -1 for unlimited)"),
    Flag("cgroupns", kind="string", help=CGROUPNS_HELP, completes=("host", "private")),
    Flag("pid", kind="string", help="PID namespace to use", completes=("host", "container:")),
    Flag("userns", kind="string", help="User namespace to use", completes=("host",)),
    Flag("uts", kind="string", help="UTS namespace to use", completes=("host",)),
    Flag("privileged", help="Give extended privileges to this container"),
    Flag("publish", "p", "list", "Publish a container's port(s) to the host"),
    Flag("publish-all", "P", help="Publish all exposed ports to random ports"),
    Flag("read-only", help="Mount the container's root filesystem as read only"),
    Flag("restart", kind="string", help="Restart policy to apply when a container exits",
         default="no", completes=RESTART_POLICIES),
    Flag("rm", help="Automatically remove the container and its associated anonymous "
                    "volumes when it exits"),
    Flag("stop-signal", kind="string", help="Signal to stop the container",
         completes=COMPLETE_SIGNAL),
    Flag("security-opt", kind="list", help="Security Options"),
    Flag("shm-size", kind="string", help="Size of /dev/shm", type_name="bytes"),
    Flag("stop-timeout", kind="int", help="Timeout (in seconds) to stop a container"),
    Flag("sysctl", kind="list", type_name="map", help="Sysctl options"),
    Flag("tmpfs", kind="list", help="Mount a tmpfs directory"),
    Flag("tty", "t", help="Allocate a pseudo-TTY"),
    Flag("ulimit", kind="list", type_name="ulimit", help="Ulimit options"),
    Flag("user", "u", "string", "Username or UID (format: <name|uid>[:<group|gid>])"),
    Flag("volume", "v", "list", "Bind mount a volume"),
    Flag("volumes-from", kind="list", help="Mount volumes from the specified container(s)"),
    Flag("workdir", "w", "string", "Working directory inside the container"),
)
RUN_ONLY_FLAGS = UNSIMULATED_FLAGS + (
    Flag("detach", "d", help="Run container in background and print container ID"),
    DETACH_KEYS_FLAG,
    Flag("pull", kind="string", default="missing", completes=PULL_POLICIES,
         help='Pull image before running ("always", "missing", "never")'),
    Flag("sig-proxy", help="Proxy received signals to the process", default=True),
)
CREATE_ONLY_FLAGS = UNSIMULATED_FLAGS + (
    # (the CLI's own text has the stray "|")
    Flag("pull", kind="string", default="missing", completes=PULL_POLICIES,
         help='Pull image before creating ("always", "|missing", "never")'),
)
