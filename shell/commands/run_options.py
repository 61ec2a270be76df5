"""The flags `run` and `create` share, and turning them into engine options.

Sizes and numbers are parsed the way the docker CLI parses them
(go-units RAMInBytes for -m, a rational number for --cpus), with its error texts.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List

from engine import EngineError
from engine.container.config import RestartPolicy
from engine.durations import parse_duration_ns
from engine.container.ports import parse_publish
from engine.image.reference import parse_normalized

from ..parser import PROGRAM, UsageError, usage_error

PULL_POLICIES = ("always", "missing", "never")
def ram_in_bytes(text: str, flag: str, command) -> int:
    """go-units RAMInBytes: "64m", "1g", "512k", "100" (bytes), binary multiples."""
    from ..render.units import ram_bytes
    try:
        return ram_bytes(text)
    except ValueError:
        raise usage_error(command, f'invalid argument "{text}" for "{flag}" flag: invalid size: '
                                   f"'{text}'", 125, prefix=False) from None


def nano_cpus(text: str, command) -> int:
    """--cpus as the docker CLI reads it: an exact rational number of CPUs, in billionths
    ("value is too precise" below that), kept in a Go int64 - whose overflow Go leaves
    as the low 64 bits (so --cpus 1e308 asks for no limit at all, as with Docker)."""
    from fractions import Fraction  # only --cpus needs it
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise usage_error(command, f'invalid argument "{text}" for "--cpus" flag: failed to '
                                   f"parse {text} as a rational number", 125,
                          prefix=False) from None
    nano = value * 1_000_000_000
    if nano.denominator != 1:
        raise usage_error(command, f'invalid argument "{text}" for "--cpus" flag: value is too '
                                   f"precise", 125, prefix=False)
    low = int(nano) & ((1 << 64) - 1)
    return low - (1 << 64) if low >= 1 << 63 else low


def read_env_file(path: str, environ: Dict[str, str]) -> List[str]:
    """Docker's --env-file: KEY=VALUE lines, '#' comments, a bare KEY takes the client's
    value (``environ``: the prompt's environment)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as err:
        raise UsageError(f"open {path}: {(err.strerror or str(err)).lower()}", 125) from None
    env = []
    for raw in lines:
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        key, has_value, value = line.partition("=")
        if not key:
            raise UsageError(f"invalid environment variable: {line}", 125)
        if has_value:
            env.append(f"{key}={value}")
        elif key in environ:
            env.append(f"{key}={environ[key]}")
    return env


def expand_env(values: List[str], environ: Dict[str, str]) -> List[str]:
    """-e KEY (no "=") takes the value from the client's environment, or is dropped."""
    result = []
    for item in values:
        if "=" in item:
            result.append(item)
        elif item in environ:
            result.append(f"{item}={environ[item]}")
    return result


def parse_labels(values: List[str]) -> Dict[str, str]:
    labels = {}
    for item in values:
        key, _, value = item.partition("=")
        labels[key] = value
    return labels


def valid_mac(text: str) -> bool:
    """Go's net.ParseMAC: 6, 8 or 20 octets as hex pairs joined by ":" or "-", or groups of
    four hex digits joined by "." """
    import re  # (only for --mac-address: a run without one needs no re, issue 18)
    pairs = r"[0-9A-Fa-f]{2}"
    quads = r"[0-9A-Fa-f]{4}"
    return any(re.fullmatch(rf"{pairs}(?:{sep}{pairs}){{{n - 1}}}", text) for sep in (":", "-") for n in (6, 8, 20)) \
        or any(re.fullmatch(rf"{quads}(?:\.{quads}){{{n // 2 - 1}}}", text) for n in (6, 8, 20))


def client_error(command, message: str) -> UsageError:
    """An error the docker CLI finds itself: its name, no "Error response from daemon"."""
    return UsageError(f"{PROGRAM}: {message}\n\nRun '{PROGRAM} {command.path} --help' for more "
                      f"information", 125)


def check_reference(command, image: str) -> None:
    try:
        parse_normalized(image)
    except EngineError as err:
        raise client_error(command, str(err)) from None


def health_options(command, opts):
    """--health-* and --no-healthcheck as the docker CLI turns them into a Healthcheck."""
    timing = {"Interval": "health-interval", "Timeout": "health-timeout",
              "StartPeriod": "health-start-period", "StartInterval": "health-start-interval"}
    given = any(opts[f] for f in timing.values()) or opts["health-cmd"] or opts["health-retries"]
    if opts["no-healthcheck"]:
        if given:
            raise client_error(command, "--no-healthcheck conflicts with --health-* options")
        return {"Test": ["NONE"]}
    if not given:
        return None
    check = {"Test": ["CMD-SHELL", opts["health-cmd"]] if opts["health-cmd"] else None}
    for key, flag in timing.items():
        if opts[flag]:
            try:
                value = parse_duration_ns(opts[flag])
            except ValueError as err:
                raise usage_error(command, f'invalid argument "{opts[flag]}" for "--{flag}" flag: {err}',
                                  125, prefix=False) from None
            if value < 0:
                raise client_error(command, f"--{flag} cannot be negative")
            check[key] = value
    if opts["health-retries"]:
        if opts["health-retries"] < 0:
            raise client_error(command, "--health-retries cannot be negative")
        check["Retries"] = opts["health-retries"]
    return {k: v for k, v in check.items() if v is not None}


MOUNT_KEYS = {"type", "source", "src", "target", "destination", "dst", "readonly", "ro", "consistency",
              "bind-propagation", "bind-nonrecursive", "bind-recursive", "volume-subpath", "volume-nocopy",
              "volume-label", "volume-driver", "volume-opt", "image-subpath", "tmpfs-size", "tmpfs-mode"}
TRUE_WORDS, FALSE_WORDS = ("1", "t", "T", "true", "TRUE", "True"), ("0", "f", "F", "false", "FALSE", "False")


def parse_mount(command, spec: str) -> dict:
    """One --mount value, checked as the docker CLI checks it; the engine's mount spec,
    with HostConfig.Mounts' JSON under "json"."""
    def bad(reason: str) -> UsageError:
        return usage_error(command, f'invalid argument "{spec}" for "--mount" flag: {reason}', 125, prefix=False)

    fields: Dict[str, str] = {}
    volume_labels: Dict[str, str] = {}
    volume_options: Dict[str, str] = {}
    for field in spec.split(","):
        key, eq, value = field.partition("=")
        key = key.strip().lower()
        if not eq and key not in ("readonly", "ro", "volume-nocopy", "bind-nonrecursive"):
            raise bad(f"invalid field '{field}' must be a key=value pair")
        if key not in MOUNT_KEYS:
            raise bad(f"unexpected key '{key}' in '{field}'")
        if not eq:
            value = "true"
        elif key in ("readonly", "ro", "volume-nocopy") and value not in TRUE_WORDS + FALSE_WORDS:
            raise bad(f"invalid value for {key}: {value}")
        if key in ("volume-label", "volume-opt"):
            name, _, item = value.partition("=")
            (volume_labels if key == "volume-label" else volume_options)[name] = item
        fields[{"src": "source", "destination": "target", "dst": "target", "ro": "readonly"}.get(key, key)] = value
    kind = fields.get("type", "volume")
    if not fields.get("target"):
        raise bad("target is required")
    readonly = fields.get("readonly") in TRUE_WORDS
    doc = {"Type": kind, **({"Source": fields["source"]} if fields.get("source") else {}),
           "Target": fields["target"], **({"ReadOnly": True} if readonly else {})}
    tmpfs = []
    if "tmpfs-size" in fields:
        size = fields["tmpfs-size"]
        from ..render.units import ram_bytes
        try:
            doc["TmpfsOptions"] = {"SizeBytes": ram_bytes(size)}
        except ValueError:
            raise bad(f"invalid value for tmpfs-size: {size}") from None
        tmpfs.append(f"size={size}")
    if "tmpfs-mode" in fields:
        try:
            mode = int(fields["tmpfs-mode"], 8)
        except ValueError:
            raise bad(f"invalid value for tmpfs-mode: {fields['tmpfs-mode']}") from None
        doc.setdefault("TmpfsOptions", {})["Mode"] = mode
        tmpfs.append(f"mode={fields['tmpfs-mode']}")
    nocopy = fields.get("volume-nocopy") in TRUE_WORDS
    volume_doc = {**({"NoCopy": True} if nocopy else {}), **({"Labels": volume_labels} if volume_labels else {}),
                  **({"DriverConfig": {"Name": fields.get("volume-driver", "local"), "Options": volume_options}}
                     if volume_options or "volume-driver" in fields else {})}
    if volume_doc:
        doc["VolumeOptions"] = volume_doc
    return {"type": kind, "source": fields.get("source", ""), "target": fields["target"], "ro": readonly,
            "nocopy": nocopy, "mode": "", "tmpfs": ",".join(tmpfs), "json": doc, "labels": volume_labels,
            "options": volume_options, "driver": fields.get("volume-driver", "local")}


def host_relative(spec: str) -> str:
    """-v ./dir:/path: the docker CLI makes a source starting with "." absolute (from its cwd)."""
    source, sep, rest = spec.partition(":")
    return os.path.abspath(source) + sep + rest if source.startswith(".") and sep else spec


ULIMITS = ("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
           "rtprio", "rttime", "sigpending", "stack")


def parse_ulimit(command, spec: str):
    """--ulimit name=soft[:hard] as the CLI checks it: (name, (soft, hard))."""
    def invalid(reason):
        return usage_error(command, f'invalid argument "{spec}" for "--ulimit" flag: {reason}', 125, prefix=False)
    name, equals, values = spec.partition("=")
    if not equals:
        raise invalid(f"invalid ulimit argument: {spec}")
    if name not in ULIMITS:
        raise invalid(f"invalid ulimit type: {name}")
    parts = values.split(":")
    if len(parts) > 2:
        raise invalid(f"too many limit value arguments - {values}, can only have up to two, `soft[:hard]`")
    numbers = []
    for part in reversed(parts):  # the hard limit is read first
        digits = part[1:] if part[:1] in "+-" else part
        if not (digits.isascii() and digits.isdigit()):
            raise invalid(f'strconv.ParseInt: parsing "{part}": invalid syntax')
        numbers.append(int(part))
    high, low = numbers[0], numbers[-1]
    if low > high:
        raise invalid(f"ulimit soft limit must be less than or equal to hard limit: {low} > {high}")
    return name, (low, high)


def parse_sysctl(command, spec: str):
    """--sysctl KEY=VALUE: the CLI lets through only what a container's namespaces hold."""
    from engine.proc.sysctl import allowed
    key, equals, value = spec.partition("=")
    if not equals or not allowed(key):
        raise usage_error(command, f'invalid argument "{spec}" for "--sysctl" flag: sysctl \'{spec}\' is not '
                                   f'allowed', 125, prefix=False)
    return key, value


STREAMS = ("stdin", "stdout", "stderr")


def attached_streams(opts) -> tuple:
    """The streams a run/create attaches: -a's, none with -d, else stdout and stderr (and stdin with -i)."""
    if opts["attach"]:
        return tuple(s for s in STREAMS if s in {a.lower() for a in opts["attach"]})
    if opts.get("detach"):
        return ()
    return ("stdin",) * bool(opts["interactive"]) + ("stdout", "stderr")


PLATFORMS = ("linux/amd64", "linux/x86_64", "amd64", "x86_64")  # the simulated hub's images


def read_label_file(path: str) -> List[str]:
    """--label-file: KEY=VALUE lines ('#' comments and blank lines skipped)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as err:
        raise UsageError(f"open {path}: {(err.strerror or str(err)).lower()}", 125) from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def check_client_options(command, opts) -> None:
    """What the CLI checks itself: the pull policy, the platform."""
    if opts.get("pull") not in (None, "") + PULL_POLICIES:
        raise client_error(command, f"invalid pull option: '{opts['pull']}': must be one of "
                                    '"always", "missing" or "never"')
    check_platform(opts.get("platform"))


def check_platform(platform) -> None:
    """--platform (one, or several for rmi): the simulated hub's images are all amd64."""
    for name in platform if isinstance(platform, list) else [platform or ""]:
        if name and name.lower() not in PLATFORMS:
            raise EngineError(f"crsim simulates linux/amd64 images only, not {name}")


def engine_options(command, opts, engine=None, environ=None) -> dict:
    """Flag values -> keyword arguments of Engine.create."""
    check_client_options(command, opts)
    if opts["rm"] and opts["restart"] not in (None, "", "no"):
        raise client_error(command, "conflicting options: cannot specify both --restart and --rm")
    for stream in opts["attach"]:
        if stream.lower() not in STREAMS:
            raise usage_error(command, f'invalid argument "{stream}" for "-a, --attach" flag: valid streams are '
                                       f"STDIN, STDOUT and STDERR", 125, prefix=False)
    if opts["attach"] and opts.get("detach"):
        raise UsageError("conflicting options: cannot specify both --attach and --detach", 1)
    for item in opts["env"]:
        if not item or item.startswith("="):
            raise usage_error(command, f'invalid argument "{item}" for "-e, --env" flag: invalid '
                                       f"environment variable: {item}", 125, prefix=False)
    try:  # what the docker CLI checks itself, before it asks the daemon
        parse_publish(list(opts["publish"]))
    except EngineError as err:
        raise client_error(command, str(err)) from None
    pid = opts["pid"] or ""
    if pid not in ("", "host") and not (pid.startswith("container:") and pid.partition(":")[2]):
        raise client_error(command, "--pid: invalid PID mode")
    for flag, kind, valid in (("uts", "UTS", ("", "host")), ("userns", "USER", ("", "host")),
                              ("cgroupns", "CGROUP", ("", "host", "private"))):  # the CLI's order
        if (opts[flag] or "") not in valid:
            raise client_error(command, f"--{flag}: invalid {kind} mode")
    if opts["mac-address"] and not valid_mac(opts["mac-address"].strip()):
        raise client_error(command, f'{opts["mac-address"]} is not a valid mac address')
    try:
        RestartPolicy.parse(opts["restart"] or "no")
    except EngineError as err:  # the CLI reads the retry count; the daemon knows the names
        if str(err).startswith("invalid restart policy format"):
            raise client_error(command, str(err)) from None
    from ..host_paths import confine
    env = []
    for path in opts["env-file"]:
        env += read_env_file(confine(engine, path), environ or {})
    env += expand_env(opts["env"], environ or {})
    options = dict(
        name=opts["name"], env=env, hostname=opts["hostname"] or "",
        workdir=opts["workdir"] or "", user=opts["user"] or "", tty=opts["tty"],
        stdin_open=opts["interactive"],
        labels=parse_labels([item for path in opts["label-file"]
                             for item in read_label_file(confine(engine, path))]
                            + list(opts["label"])),
        annotations=parse_labels(opts["annotation"]), group_add=list(opts["group-add"]),
        cpu_period=opts["cpu-period"] or 0, cpu_quota=opts["cpu-quota"] or 0,
        memory_swap=(-1 if opts["memory-swap"] == "-1" else ram_in_bytes(
            opts["memory-swap"], "--memory-swap", command)) if opts["memory-swap"] else 0,
        memory_reservation=ram_in_bytes(opts["memory-reservation"], "--memory-reservation",
                                        command) if opts["memory-reservation"] else 0,
        memory_swappiness=opts["memory-swappiness"], oom_kill_disable=bool(opts["oom-kill-disable"]),
        oom_score_adj=opts["oom-score-adj"] or 0,
        restart=opts["restart"] or "no", auto_remove=opts["rm"],
        cpu_shares=opts["cpu-shares"] or 0, pids_limit=opts["pids-limit"],
        stop_signal=opts["stop-signal"] or "", stop_timeout=opts["stop-timeout"],
        publish=list(opts["publish"]), publish_all=opts["publish-all"],
        network=opts["network"] or opts["net"] or "", ip=opts["ip"] or "", mac_address=(opts["mac-address"] or "").strip(),
        network_aliases=list(opts["network-alias"]) + list(opts["net-alias"]),
        domainname=opts["domainname"] or "",
        volumes=[host_relative(v) for v in opts["volume"]], tmpfs=list(opts["tmpfs"]),
        mounts=[parse_mount(command, spec) for spec in opts["mount"]],
        volumes_from=list(opts["volumes-from"]), read_only=opts["read-only"],
        add_hosts=list(opts["add-host"]), links=list(opts["link"]), dns=list(opts["dns"]), dns_search=list(opts["dns-search"]),
        dns_options=list(opts["dns-option"]), expose=list(opts["expose"]), init=opts["init"],
        log_driver=opts["log-driver"] or "json-file",
        cap_add=list(opts["cap-add"]), cap_drop=list(opts["cap-drop"]), privileged=opts["privileged"],
        ulimits=dict(parse_ulimit(command, u) for u in opts["ulimit"]),
        attach=attached_streams(opts), pid_mode=opts["pid"] or "", ipc_mode=opts["ipc"] or "",
        uts_mode=opts["uts"] or "", userns_mode=opts["userns"] or "",
        cgroupns_mode=opts["cgroupns"] or "",
        shm_size=ram_in_bytes(opts["shm-size"], "--shm-size", command) if opts["shm-size"] else 0, security_opt=list(opts["security-opt"]), sysctls=dict(parse_sysctl(command, v) for v in opts["sysctl"]), cpuset_cpus=opts["cpuset-cpus"] or "", cpuset_mems=opts["cpuset-mems"] or "",
        log_options=dict(o.partition("=")[::2] for o in opts["log-opt"]),
    )
    if opts["entrypoint"] is not None:
        options["entrypoint"] = [opts["entrypoint"]]
    check = health_options(command, opts)
    if check is not None:
        options["healthcheck"] = check
    if opts["memory"] is not None:
        options["memory"] = ram_in_bytes(opts["memory"], "-m, --memory", command)
    if opts["cpus"] is not None:
        options["nano_cpus"] = nano_cpus(opts["cpus"], command)
    return options


__all__ = ["engine_options", "PULL_POLICIES"]
