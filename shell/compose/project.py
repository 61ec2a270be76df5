"""A compose project: its files found and loaded, interpolated, merged and normalised
into the model `docker compose config` prints (compose-go's defaults and key order)."""

from __future__ import annotations

import os
import re
import shlex
from typing import Dict, List, Optional

from engine.record import field, record

from . import dotenv, file_objects, include
from .interpolate import InterpolationError, interpolate

# Compose v2's lookup order in a directory (then its parents)
FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_NAMES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml",
                  "docker-compose.override.yaml")
# a service's keys in the order compose-go writes them (its ServiceConfig fields)
SERVICE_KEYS = (
    "profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup "
    "cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares "
    "command configs container_name credential_spec depends_on deploy device_cgroup_rules devices "
    "dns dns_opt dns_search dockerfile domainname entrypoint provider environment env_file expose "
    "extends external_links extra_hosts group_add gpus hostname healthcheck image init ipc isolation "
    "labels label_file links logging log_driver log_opt mem_limit mem_reservation memswap_limit "
    "mem_swappiness mac_address models net network_mode networks oom_kill_disable oom_score_adj pid "
    "pids_limit platform ports privileged pull_policy read_only restart runtime scale secrets "
    "security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty "
    "ulimits use_api_socket user userns_mode uts volume_driver volumes volumes_from working_dir "
    "pre_start post_start pre_stop").split()
TOP_KEYS = ("name", "services", "networks", "volumes", "secrets", "configs", "models")
PORT_KEYS = ("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol")
VOLUME_KEYS = ("type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image")
HEALTH_KEYS = ("test", "timeout", "interval", "retries", "start_period", "start_interval", "disable")
BUILD_KEYS = ("context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels",
              "cache_from", "cache_to", "no_cache", "additional_contexts", "pull", "extra_hosts",
              "isolation", "network", "target", "secrets", "tags", "ulimits", "platforms",
              "privileged", "shm_size")
# lists that several files add to (the spec's merge rules); the rest is replaced
APPENDED = {"cap_add", "cap_drop", "dns", "dns_search", "dns_opt", "expose", "external_links",
            "extra_hosts", "group_add", "security_opt", "tmpfs", "devices", "links", "profiles",
            "volumes_from", "configs", "secrets", "env_file"}


class ComposeError(Exception):
    """A problem Compose reports before doing anything; status is its exit code. Since
    v2.33 Compose exits 1 for every one of them (the per-category codes of its legacy
    metrics, 14 for a missing file and 15 for a bad one, are gone)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


@record
class Options:
    files: List[str] = field(default_factory=list)  # -f, in order
    project_name: str = ""  # -p
    project_directory: str = ""  # --project-directory
    env_files: List[str] = field(default_factory=list)  # --env-file
    profiles: List[str] = field(default_factory=list)  # --profile
    cwd: str = ""


@record
class Project:
    name: str
    working_dir: str
    config_files: List[str]
    model: dict  # normalised, in the order `config` prints it
    warnings: List[str]
    environment: Dict[str, str]
    all_services: frozenset = frozenset()  # with those of inactive profiles (not orphans)

    @property
    def services(self) -> Dict[str, dict]:
        return self.model["services"]


def normalize_name(name: str) -> str:
    """A directory's name as a project name: lowercase, only [a-z0-9_-], no leading - or _."""
    return re.sub(r"[^-_a-z0-9]+", "", name.lower()).lstrip("-_")


def find_files(opts: Options) -> List[str]:
    if opts.files:
        found = []
        for name in opts.files:
            path = name if os.path.isabs(name) else os.path.join(opts.cwd, name)
            if not os.path.isfile(path):
                raise ComposeError(f"open {os.path.abspath(path)}: no such file or directory")
            found.append(os.path.abspath(path))
        return found
    directory = os.path.abspath(opts.project_directory or opts.cwd)
    while True:
        for name in FILE_NAMES:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                overrides = [os.path.join(directory, o) for o in OVERRIDE_NAMES
                             if os.path.isfile(os.path.join(directory, o))]
                return [path] + overrides[:1]
        parent = os.path.dirname(directory)
        if parent == directory:
            raise ComposeError("no configuration file provided: not found")
        directory = parent


def _environment(opts: Options, workdir: str, environ: Dict[str, str]) -> Dict[str, str]:
    """What interpolation reads: the .env file (or --env-file ones), then the shell's
    environment over it."""
    values: Dict[str, str] = {}
    paths = [p if os.path.isabs(p) else os.path.join(opts.cwd, p) for p in opts.env_files]
    if not paths and os.path.isfile(os.path.join(workdir, ".env")):
        paths = [os.path.join(workdir, ".env")]
    for path in paths:
        if not os.path.isfile(path):
            raise ComposeError(f"couldn't find env file: {os.path.abspath(path)}")
        try:
            values.update(dotenv.read(path, lambda k: environ.get(k, values.get(k))))
        except dotenv.DotEnvError as err:
            raise ComposeError(str(err)) from None
    values.update(environ)
    return values


def load(opts: Options, environ: Dict[str, str]) -> Project:
    files = find_files(opts)
    workdir = os.path.abspath(opts.project_directory or os.path.dirname(files[0]))
    env = _environment(opts, workdir, environ)
    unset: List[str] = []
    merged: dict = {}
    warnings: List[str] = []
    for path in files:
        loaded = read_file(path, env, unset)
        loaded = apply_extends(loaded, path, env)
        loaded = include.apply(loaded, workdir, env, unset, [path])
        merged = merge(merged, loaded)
        validate(merged, path)
        if "version" in merged:
            warnings.append(f"{path}: the attribute `version` is obsolete, it will be ignored, "
                            f"please remove it to avoid potential confusion")
            merged.pop("version")
    if not merged:
        raise ComposeError("empty compose file")
    warnings = [f'The "{name}" variable is not set. Defaulting to a blank string.'
                for name in dict.fromkeys(unset)] + warnings
    name = _project_name(opts, merged, env, workdir)
    active = set(opts.profiles) | {p for p in env.get("COMPOSE_PROFILES", "").split(",") if p}
    every = frozenset(merged.get("services") or {})
    merged = _enabled(merged, active)
    model = normalise(merged, name, workdir, env)
    return Project(name, workdir, files, model, warnings, env, every)


def read_file(path: str, env: Dict[str, str], unset: List[str]) -> dict:
    """One compose file: parsed (scalars typed as go-yaml v3 types them) and interpolated,
    or Compose's message."""
    import yaml  # only compose commands pay for PyYAML
    from . import yaml12
    try:
        with open(path, encoding="utf-8") as handle:
            loaded = yaml12.load(handle)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ComposeError(f"yaml: {where}{getattr(err, 'problem', None) or err}") from None
    except OSError as err:
        raise ComposeError(f"open {path}: {(err.strerror or str(err)).lower()}") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise ComposeError("top-level object must be a mapping")
    _string_keys(loaded)
    try:
        return interpolate(loaded, env.get, unset)
    except InterpolationError as err:
        raise ComposeError(str(err)) from None


def apply_extends(loaded: dict, path: str, env: Dict[str, str]) -> dict:
    """`extends:` resolved in one file: each service merged over the one it extends (from
    this file or another, whose relative paths stay relative to that file)."""
    services = loaded.get("services")
    if not isinstance(services, dict) or not any(isinstance(s, dict) and "extends" in s
                                                 for s in services.values()):
        return loaded
    done = {name: _extended(name, services, path, env, []) for name in services}
    return {**loaded, "services": done}


def _extended(name: str, services: dict, path: str, env: Dict[str, str], chain: list):
    service = services.get(name)
    if not isinstance(service, dict) or "extends" not in service:
        return service
    if (path, name) in chain:
        lines = ["Circular reference:", f"  {chain[0][1]} in {chain[0][0]}"]
        lines += [f"  extends {svc} in {file}" for file, svc in chain[1:] + [(path, name)]]
        raise ComposeError("\n".join(lines))
    chain = chain + [(path, name)]
    ref = service["extends"]
    ref_file = None
    if isinstance(ref, dict):
        ref_file, ref = ref.get("file"), ref.get("service")
        if not isinstance(ref, str):
            raise ComposeError(f"extends.{name}.service is required")
    base_path, base_services = path, services
    if ref_file:
        base_path = os.path.normpath(os.path.join(os.path.dirname(path), str(ref_file)))
        other = read_file(base_path, env, [])
        validate(other, base_path)
        base_services = other.get("services") or {}
        if ref not in base_services:
            raise ComposeError(f'cannot extend service "{name}" in {path}: service "{ref}" not found '
                               f"in {base_path}")
    elif ref not in services:
        raise ComposeError(f'cannot extend service "{name}" in {path}: service "{ref}" not found')
    base = _extended(ref, base_services, base_path, env, chain) or {}
    if base_path != path:
        base = relative_to(base, os.path.dirname(base_path))
    merged = _merge_service(dict(base), {k: v for k, v in service.items() if k != "extends"})
    merged.pop("extends", None)
    return merged


def relative_to(service: dict, base_dir: str) -> dict:
    """A service read from another file: its relative build context and bind sources made
    absolute from that file's directory (they name the same host paths from here)."""
    out = dict(service)

    def moved(path: str) -> str:
        return os.path.normpath(os.path.join(base_dir, path))
    build = out.get("build")
    if isinstance(build, str):
        out["build"] = moved(build)
    elif isinstance(build, dict) and "context" in build:
        out["build"] = dict(build, context=moved(str(build["context"])))
    files = out.get("env_file")
    if files is not None:
        out["env_file"] = [dict(f, path=moved(str(f.get("path", "")))) if isinstance(f, dict)
                           else moved(str(f)) for f in (files if isinstance(files, list) else [files])]
    if isinstance(out.get("volumes"), list):
        out["volumes"] = [moved(v.partition(":")[0]) + "".join(v.partition(":")[1:])
                          if isinstance(v, str) and v.startswith(".") else
                          dict(v, source=moved(v["source"]))
                          if isinstance(v, dict) and v.get("type") == "bind" and isinstance(v.get("source"), str)
                          and not v["source"].startswith(("/", "~")) else v
                          for v in out["volumes"]]
    return out


def validate(loaded: dict, path: str) -> None:
    """The compose specification's schema, checked as compose-go checks each file: on the
    model merged so far, with the one message it prints."""
    from . import schema  # only a compose command reads the schema
    problem = schema.validate(loaded)
    if problem is not None:
        raise ComposeError(f"validating {path}: {problem}")


def _string_keys(node, where: str = ""):
    """compose-go's first check of a parsed file: every mapping key is a string."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, (int, float)) and not isinstance(key, bool) or key is None:
                location = f"in {where}" if where else "at top level"
                shown = "<nil>" if key is None else key
                raise ComposeError(f"non-string key {location}: {shown}")
            _string_keys(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _string_keys(item, f"{where}[{index}]")


def _enabled(raw: dict, active: set) -> dict:
    """Services in no profile, or in an active one ("*" activates them all): the others
    are left out of the model, as `config` shows it."""
    services = raw.get("services") or {}
    kept = {name: svc for name, svc in services.items()
            if not (svc or {}).get("profiles") or "*" in active
            or active & {str(p) for p in svc["profiles"]}}
    return {**raw, "services": kept} if services else raw


def _project_name(opts: Options, merged: dict, env: Dict[str, str], workdir: str) -> str:
    for given in (opts.project_name, env.get("COMPOSE_PROJECT_NAME", "")):
        if given:
            if normalize_name(given) != given:
                raise ComposeError(f'invalid project name "{given}": must consist only of lowercase '
                                   f'alphanumeric characters, hyphens, and underscores as well as '
                                   f'start with a letter or number')
            return given
    if merged.get("name"):
        return normalize_name(str(merged["name"]))
    name = normalize_name(os.path.basename(workdir))
    if not name:
        raise ComposeError('project name must not be empty')
    return name


def merge(base, override):
    """Two files' contents, the later one winning (the compose spec's merge rules)."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return override
    out = dict(base)
    for key, value in override.items():
        if key in out and key == "services" and isinstance(value, dict):
            out[key] = {name: _merge_service(out[key].get(name) or {}, svc or {})
                        for name, svc in {**out[key], **value}.items()
                        if name in value or name in out[key]}
            for name, svc in out[key].items():
                if name not in value:
                    out[key][name] = base["services"][name]
        elif key in out:
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def _merge_service(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        old = out.get(key)
        if old is None:
            out[key] = value
        elif key in ("environment", "labels", "build", "deploy", "healthcheck", "logging",
                     "depends_on", "networks", "ulimits", "sysctls", "extra_hosts"):
            if key in ("environment", "labels"):
                out[key] = {**_mapping(old), **_mapping(value)}
            elif key == "depends_on":
                out[key] = {**_depends(old), **_depends(value)}
            elif key == "networks":
                out[key] = {**_named(old), **_named(value)}
            elif isinstance(old, dict) and isinstance(value, dict):
                out[key] = merge(old, value)
            else:
                out[key] = value
        elif key in APPENDED and isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        elif key == "ports" and isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        elif key == "volumes" and isinstance(old, list) and isinstance(value, list):
            by_target = {_volume_target(v): v for v in old}
            by_target.update({_volume_target(v): v for v in value})
            out[key] = list(by_target.values())
        else:
            out[key] = value
    return out


def _volume_target(spec) -> str:
    if isinstance(spec, dict):
        return str(spec.get("target", ""))
    parts = str(spec).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _mapping(value) -> Dict[str, Optional[str]]:
    if isinstance(value, dict):
        return {str(k): _string(v) for k, v in value.items()}
    out: Dict[str, Optional[str]] = {}
    for item in value or []:
        key, eq, val = str(item).partition("=")
        out[key] = val if eq else None
    return out


def _string(value) -> Optional[str]:
    if value is None:
        return None
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _depends(value) -> Dict[str, dict]:
    """depends_on as a mapping; a listed name gets the defaults compose-go's merge gives it."""
    if isinstance(value, list):
        return {str(name): {"condition": "service_started", "required": True} for name in value}
    return {str(k): dict(v or {}) for k, v in (value or {}).items()}


def _named(value) -> Dict[str, Optional[dict]]:
    if isinstance(value, list):
        return {str(name): None for name in value}
    return {str(k): v for k, v in (value or {}).items()}


def _ordered(mapping: dict, keys) -> dict:
    out = {k: mapping[k] for k in keys if k in mapping}
    out.update({k: v for k, v in mapping.items() if k not in out and str(k).startswith("x-")})
    return out


def normalise(raw: dict, name: str, workdir: str, env: Dict[str, str]) -> dict:
    services_raw = raw.get("services") or {}
    if not isinstance(services_raw, dict):
        raise ComposeError("services must be a mapping")
    try:
        for key in ("secrets", "configs"):
            file_objects.check_sources(key, raw.get(key))
    except file_objects.FileObjectError as err:
        raise ComposeError(str(err)) from None
    _check_external_volumes(raw.get("volumes") or {})
    services = {}
    uses_default = False
    for svc_name in sorted(services_raw):
        service = _service(svc_name, services_raw[svc_name] or {}, workdir, env)
        if "networks" in service and "default" in service["networks"]:
            uses_default = True
        services[svc_name] = service
    for svc_name, service in services.items():
        for dep in service.get("depends_on", {}):
            if dep not in services:
                raise ComposeError(f'service "{svc_name}" depends on undefined service "{dep}": '
                                   f'invalid compose project')
    model = {"name": name, "services": services}
    networks = {}
    for net, conf in sorted((raw.get("networks") or {}).items()):
        networks[net] = named_resource(net, conf, name)
    if uses_default and "default" not in networks:
        networks["default"] = {"name": f"{name}_default"}
    if networks:
        model["networks"] = dict(sorted(networks.items()))
    volumes = {vol: named_resource(vol, conf, name) for vol, conf in sorted((raw.get("volumes") or {}).items())}
    if volumes:
        model["volumes"] = volumes
    for key in ("secrets", "configs"):
        if raw.get(key):
            model[key] = file_objects.normalise_objects(raw[key], name, workdir)
    try:
        file_objects.check_references(services, model)
    except file_objects.FileObjectError as err:
        raise ComposeError(str(err)) from None
    _used_only(model)
    model.update({k: v for k, v in raw.items() if str(k).startswith("x-")})
    return model


def _used_only(model: dict) -> None:
    """Compose drops the networks, volumes, secrets and configs no enabled service uses
    (its project's WithoutUnnecessaryResources): `config` does not show them and `up` does
    not create them."""
    used: Dict[str, set] = {kind: set() for kind in ("networks", "volumes", "secrets", "configs")}
    for service in model["services"].values():
        used["networks"].update(service.get("networks") or {})
        used["volumes"].update(v.get("source") for v in service.get("volumes", [])
                               if v.get("type") == "volume" and v.get("source"))
        for kind in ("secrets", "configs"):
            used[kind].update(ref.get("source") for ref in service.get(kind, []))
        build = service.get("build") if isinstance(service.get("build"), dict) else {}
        used["secrets"].update(ref.get("source") if isinstance(ref, dict) else ref
                               for ref in build.get("secrets") or [])
    for kind, names in used.items():
        if kind in model:
            kept = {k: v for k, v in model[kind].items() if k in names}
            if kept:
                model[kind] = kept
            else:
                del model[kind]


def _check_external_volumes(volumes: dict) -> None:
    """compose-go's checkExternal: an external volume has a name and extensions only."""
    for key, conf in volumes.items():
        if isinstance(conf, dict) and conf.get("external") is True:
            for option in conf:
                if option not in ("name", "external") and not str(option).startswith("x-"):
                    raise ComposeError(f'volumes.{key}: conflicting parameters "external" and '
                                       f'"{option}" specified')


# a network's and a volume's keys in the order compose-go writes them
RESOURCE_KEYS = ("name", "driver", "driver_opts", "ipam", "external", "internal", "attachable",
                 "labels", "enable_ipv4", "enable_ipv6")


def named_resource(key: str, conf, project: str, order=RESOURCE_KEYS) -> dict:
    """A top-level network, volume, secret or config with the name compose-go gives it:
    <project>_<key>, or an external one's key (or the name in the legacy external: {name})."""
    conf = dict(conf or {})
    external = conf.get("external")
    if isinstance(external, dict):  # the legacy form external: {name: x}
        conf["name"] = external.get("name", conf.get("name"))
        external = True
    if external:
        conf["external"] = True
    if conf.get("name") is None:
        conf["name"] = key if external else f"{project}_{key}"
    return _ordered(conf, order)


def _service(svc_name: str, raw: dict, workdir: str, env: Dict[str, str]) -> dict:
    if not isinstance(raw, dict):
        raise ComposeError(f"services.{svc_name} must be a mapping")
    s = dict(raw)
    if "image" not in s and "build" not in s:
        raise ComposeError(f'service "{svc_name}" has neither an image nor a build context specified: '
                           f'invalid compose project')
    if "build" in s:
        build = s["build"] if isinstance(s["build"], dict) else {"context": s["build"]}
        build = dict(build)
        context = str(build.get("context", "."))
        build["context"] = os.path.normpath(os.path.join(workdir, context))
        build.setdefault("dockerfile", "Dockerfile")
        if "args" in build:
            build["args"] = _mapping(build["args"])
        s["build"] = _ordered(build, BUILD_KEYS)
    for key in ("command", "entrypoint"):
        if isinstance(s.get(key), str):
            s[key] = shlex.split(s[key])
    if "depends_on" in s:
        deps = _depends(s["depends_on"])
        s["depends_on"] = {dep: _dependency(conf) for dep, conf in sorted(deps.items())}
    if "environment" in s:
        values = _mapping(s["environment"])
        s["environment"] = {k: (v if v is not None else env.get(k)) for k, v in sorted(values.items())}
    if "env_file" in s:  # read into the environment, which wins; the key itself goes
        s["environment"] = _with_env_files(s.pop("env_file"), s.get("environment") or {},
                                           workdir, env)
    if "labels" in s:
        s["labels"] = dict(sorted(_mapping(s["labels"]).items()))
    if "expose" in s:
        s["expose"] = [str(e) for e in s["expose"]]
    for key in ("secrets", "configs"):
        if key in s:
            try:
                s[key] = file_objects.normalise_references(key, s[key])
            except file_objects.FileObjectError as err:
                raise ComposeError(f"services.{svc_name}.{key}: {err}") from None
    if "ports" in s:
        s["ports"] = [p for spec in s["ports"] for p in _ports(spec, svc_name)]
    if "volumes" in s:
        s["volumes"] = [_volume(v, workdir) for v in s["volumes"]]
    if "network_mode" not in s:
        nets = _named(s.get("networks")) if s.get("networks") else {"default": None}
        s["networks"] = dict(sorted(nets.items()))
    if "healthcheck" in s:
        check = _ordered(s["healthcheck"], HEALTH_KEYS)
        if isinstance(check.get("test"), str):
            check["test"] = ["CMD-SHELL", check["test"]]
        for key in ("timeout", "interval", "start_period", "start_interval"):
            if key in check:
                check[key] = _duration(check[key], f"services.{svc_name}.healthcheck.{key}")
        s["healthcheck"] = check
    if isinstance(s.get("develop"), dict) and isinstance(s["develop"].get("watch"), list):
        s["develop"] = dict(s["develop"], watch=[_trigger(t, workdir) for t in s["develop"]["watch"]])
    if "stop_grace_period" in s:
        s["stop_grace_period"] = _duration(s["stop_grace_period"], f"services.{svc_name}.stop_grace_period")
    for key in ("mem_limit", "mem_reservation", "memswap_limit", "shm_size"):
        if key in s:
            s[key] = _bytes(s[key], f"services.{svc_name}.{key}")
    if isinstance(s.get("deploy"), dict) and isinstance(s["deploy"].get("resources"), dict):
        s["deploy"] = dict(s["deploy"], resources=_resources(s["deploy"]["resources"], svc_name))
    return _ordered(s, SERVICE_KEYS)


# a develop.watch rule's keys in the order compose-go writes them (its Trigger fields)
TRIGGER_KEYS = ("path", "action", "target", "exec", "include", "ignore", "initial_sync")


def _trigger(trigger, workdir: str) -> dict:
    """A watch rule with its path absolute (a symbolic link resolved), as compose-go has it."""
    if not isinstance(trigger, dict):
        return trigger
    rule = dict(trigger)
    if isinstance(rule.get("path"), str) and rule["path"]:
        path = os.path.normpath(os.path.join(workdir, rule["path"]))
        rule["path"] = os.path.realpath(path) if os.path.islink(path) else path
    return _ordered(rule, TRIGGER_KEYS)


def _with_env_files(entries, environment: Dict[str, Optional[str]], workdir: str,
                    env: Dict[str, str]) -> Dict[str, Optional[str]]:
    """compose-go's WithServicesEnvironmentResolved: each env_file in order (a missing one
    refused unless `required: false`), its variables able to use the project's then the
    service's; the service's own environment overrides them."""
    values: Dict[str, Optional[str]] = {}

    def lookup(name: str) -> Optional[str]:
        return env[name] if name in env else environment.get(name)
    for entry in entries if isinstance(entries, list) else [entries]:
        path, required = (entry.get("path", ""), entry.get("required", True)) \
            if isinstance(entry, dict) else (entry, True)
        path = os.path.normpath(os.path.join(workdir, str(path)))
        if not os.path.exists(path):
            if required:
                raise ComposeError(f"env file {path} not found: stat {path}: no such file or "
                                   f"directory", 1)
            continue
        try:
            values.update(dotenv.read(path, lookup))
        except dotenv.DotEnvError as err:
            raise ComposeError(str(err), 1) from None
    values.update(environment)
    return dict(sorted(values.items()))


def _duration(value, where: str) -> str:
    """A duration as compose-go writes it back: Go's time.Duration text ("1m30s")."""
    from engine.durations import go_duration, parse_duration_ns
    try:
        ns = parse_duration_ns(str(value)) if isinstance(value, str) else int(value) * 10 ** 9
    except ValueError as err:
        raise ComposeError(f"{where}: {err}") from None
    return go_duration(ns)


def _bytes(value, where: str) -> str:
    """Sizes as compose-go writes them back: a count of bytes (a string)."""
    from ..render.units import ram_bytes
    try:
        return str(value if isinstance(value, int) else ram_bytes(str(value)))
    except ValueError:
        raise ComposeError(f"{where}: invalid size: '{value}'") from None


def _resources(resources: dict, svc_name: str) -> dict:
    out = dict(resources)
    for kind in ("limits", "reservations"):
        if isinstance(out.get(kind), dict):
            entry = dict(out[kind])
            if "cpus" in entry:  # a number (compose-go keeps a float32)
                cpus = float(entry["cpus"])
                entry["cpus"] = int(cpus) if cpus.is_integer() else cpus
            if "memory" in entry:
                entry["memory"] = _bytes(entry["memory"], f"services.{svc_name}.deploy.resources.{kind}.memory")
            out[kind] = _ordered(entry, ("cpus", "memory", "pids", "devices", "generic_resources"))
    return out


def _dependency(conf: dict) -> dict:
    out = {"condition": conf.get("condition", "service_started")}
    if conf.get("restart"):
        out["restart"] = True
    out["required"] = conf.get("required", True)
    return out


PORT_SPEC = re.compile(r"^(?:(?:(?P<ip>\[[^\]]*\]|[\d.]+):)?(?P<published>[\d-]*):)?(?P<target>[\d-]+)"
                       r"(?:/(?P<proto>\w+))?$")


def _ports(spec, service: str) -> List[dict]:
    if isinstance(spec, dict):
        port = dict(spec)
        port.setdefault("mode", "ingress")
        port.setdefault("protocol", "tcp")
        if "published" in port:
            port["published"] = str(port["published"])
        return [_ordered(port, PORT_KEYS)]
    match = PORT_SPEC.match(str(spec))
    if not match:
        raise ComposeError(f"Invalid containerPort: {spec}")
    targets = _range(match.group("target"))
    published = _range(match.group("published")) if match.group("published") else []
    out = []
    for i, target in enumerate(targets):
        port = {"mode": "ingress"}
        if match.group("ip"):
            port["host_ip"] = match.group("ip").strip("[]")
        port["target"] = target
        if published:
            port["published"] = str(published[i]) if len(published) == len(targets) else \
                f"{published[0]}-{published[-1]}"
        port["protocol"] = match.group("proto") or "tcp"
        out.append(port)
    return out


def _range(text: str) -> List[int]:
    low, _, high = text.partition("-")
    return list(range(int(low), int(high or low) + 1))


def _volume(spec, workdir: str) -> dict:
    if isinstance(spec, dict):
        vol = dict(spec)
        if vol.get("type") == "bind" and "source" in vol:
            vol["source"] = _host_path(str(vol["source"]), workdir)
        return _ordered(vol, VOLUME_KEYS)
    parts = str(spec).split(":")
    if len(parts) == 1:
        return {"type": "volume", "target": parts[0], "volume": {}}
    source, target = parts[0], parts[1]
    mode = parts[2] if len(parts) > 2 else ""
    vol: dict
    if source.startswith((".", "/", "~")):
        vol = {"type": "bind", "source": _host_path(source, workdir), "target": target}
    else:
        vol = {"type": "volume", "source": source, "target": target}
    if "ro" in mode.split(","):
        vol["read_only"] = True
    if vol["type"] == "bind":
        vol["bind"] = {"create_host_path": True}
    else:
        vol["volume"] = {}
    return vol


def _host_path(path: str, workdir: str) -> str:
    if path.startswith("~"):
        path = os.path.expanduser(path)
    return os.path.normpath(os.path.join(workdir, path))


def service_order(project: Project, wanted: List[str]) -> List[str]:
    """The services to start (those named and what they depend on), dependencies first."""
    services = project.services
    for name in wanted:
        if name not in services:
            raise ComposeError(f"no such service: {name}", 1)
    chosen: List[str] = []

    def visit(name: str, path: tuple) -> None:
        if name in chosen:
            return
        if name in path:
            raise ComposeError(f"dependency cycle detected: {' -> '.join(path + (name,))}")
        for dep in services[name].get("depends_on", {}):
            visit(dep, path + (name,))
        chosen.append(name)
    for name in wanted or list(services):
        visit(name, ())
    return chosen

