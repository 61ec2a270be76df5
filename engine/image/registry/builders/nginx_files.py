"""Text files of the nginx image: its default configuration, pages and entrypoint scripts.

The configuration holds the same directives as the image's defaults (user
nginx, worker_processes auto, the "main" log format, a server on port 80
serving /usr/share/nginx/html). The scripts are short equivalents of the
image's entrypoint hooks, written for the simulator.
"""

NGINX_CONF = """\
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"""

DEFAULT_CONF = """\
server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # server errors are answered with the static page /50x.html
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
"""

INDEX_HTML = """\
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>The nginx web server is installed and answering on this address.
Serve your own pages by replacing the files in /usr/share/nginx/html.</p>

<p>Documentation: <a href="https://nginx.org/">nginx.org</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

ERROR_HTML = """\
<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>The page you are looking for is temporarily unavailable.
Please try again later.</p>
<p>If you run this server, the error log says what went wrong.</p>
</body>
</html>
"""

ENTRYPOINT = """\
#!/bin/sh
# Runs the hooks in /docker-entrypoint.d/ before starting nginx, then execs the command.
set -e

entrypoint_log() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read v; then
        entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        entrypoint_log "$0: Looking for shell scripts in /docker-entrypoint.d/"
        for f in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
            case "$f" in
                *.envsh)
                    if [ -x "$f" ]; then
                        entrypoint_log "$0: Sourcing $f"; . "$f"
                    else
                        entrypoint_log "$0: Ignoring $f, not executable"
                    fi ;;
                *.sh)
                    if [ -x "$f" ]; then
                        entrypoint_log "$0: Launching $f"; "$f"
                    else
                        entrypoint_log "$0: Ignoring $f, not executable"
                    fi ;;
                *) entrypoint_log "$0: Ignoring $f" ;;
            esac
        done
        entrypoint_log "$0: Configuration complete; ready for start up"
    else
        entrypoint_log "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
"""

LISTEN_IPV6 = """\
#!/bin/sh
# Adds "listen [::]:80;" to the default server when the kernel has IPv6.
set -e
ME=$(basename "$0")
DEFAULT_CONF_FILE="etc/nginx/conf.d/default.conf"

[ -f "/proc/net/if_inet6" ] || { echo "$ME: info: ipv6 not available"; exit 0; }
[ -f "/$DEFAULT_CONF_FILE" ] || { echo "$ME: info: /$DEFAULT_CONF_FILE is not a file or does not exist"; exit 0; }
touch "/$DEFAULT_CONF_FILE" 2>/dev/null || { echo "$ME: info: can not modify /$DEFAULT_CONF_FILE (read-only file system?)"; exit 0; }

echo "$ME: info: Getting the checksum of /$DEFAULT_CONF_FILE"
sed -i -E 's,listen       80;,listen       80;\\n    listen  [::]:80;,' "/$DEFAULT_CONF_FILE"
echo "$ME: info: Enabled listen on IPv6 in /$DEFAULT_CONF_FILE"
exit 0
"""

LOCAL_RESOLVERS = """\
#!/bin/sh
# Exports NGINX_LOCAL_RESOLVERS (the resolv.conf name servers) when asked to.
set -eu
[ "${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}" ] || return 0
NGINX_LOCAL_RESOLVERS=$(awk 'BEGIN{ORS=" "} $1=="nameserver" {print $2}' /etc/resolv.conf)
export NGINX_LOCAL_RESOLVERS
"""

ENVSUBST_TEMPLATES = """\
#!/bin/sh
# Renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/ with envsubst.
set -e
ME=$(basename "$0")

template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"

[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
    echo "$ME: ERROR: $template_dir exists, but $output_dir is not writable"
    exit 0
fi
defined_envs=$(printf '${%s} ' $(env | cut -d= -f1))
find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
    relative_path="${template#"$template_dir/"}"
    output_path="$output_dir/${relative_path%"$suffix"}"
    echo "$ME: Running envsubst on $template to $output_path"
    envsubst "$defined_envs" < "$template" > "$output_path"
done
"""

TUNE_WORKERS = """\
#!/bin/sh
# With NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, sizes worker_processes to the CPU quota.
set -eu
ME=$(basename "$0")
[ "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0
touch /etc/nginx/nginx.conf 2>/dev/null || { echo >&2 "$ME: error: can not modify /etc/nginx/nginx.conf (read-only file system?)"; exit 0; }

ncpu=$(nproc)
if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r quota period < /sys/fs/cgroup/cpu.max
    if [ "$quota" != "max" ]; then
        ncpu=$(( (quota + period - 1) / period ))
    fi
fi
sed -i.bak -r 's/^(worker_processes)(.*)$/# Commented out by '"$ME"' on '"$(date)"'\\n#\\1\\2\\n\\1 '"$ncpu"';/' /etc/nginx/nginx.conf
"""
