"""Which files a package unpacks: the ones a learner looks at.

A spec is a whitespace-separated list of tokens:
- ``/usr/bin/curl@:310000`` an executable of that many bytes running the simulated
  program named after the file (``@name`` names another program);
- ``/usr/lib/libcurl.so.4.8.0:840000`` a plain file held as its size;
- ``/usr/lib/libcurl.so.4->libcurl.so.4.8.0`` a symbolic link;
- ``/etc/wgetrc=wgetrc`` a text file whose content is ``TEXTS["wgetrc"]``.
Declared sizes are weights: the installer scales them so that the package's
files add up to its installed size. A package without a spec gets its
documentation files only.
"""

from __future__ import annotations

from typing import Dict

GNU = "/usr/lib/x86_64-linux-gnu"

# Debian and Ubuntu (merged /usr: binaries under /usr/bin and /usr/sbin).
DEB: Dict[str, str] = {
    "curl": "/usr/bin/curl@:310000",
    "libcurl4t64": f"{GNU}/libcurl.so.4.8.0:850000 {GNU}/libcurl.so.4->libcurl.so.4.8.0",
    "libcurl4": f"{GNU}/libcurl.so.4.8.0:850000 {GNU}/libcurl.so.4->libcurl.so.4.8.0",
    "libcurl3t64-gnutls": f"{GNU}/libcurl-gnutls.so.4.8.0:830000 {GNU}/libcurl-gnutls.so.4->libcurl-gnutls.so.4.8.0",
    "libcurl3-gnutls": f"{GNU}/libcurl-gnutls.so.4.8.0:830000 {GNU}/libcurl-gnutls.so.4->libcurl-gnutls.so.4.8.0",
    "libnghttp2-14": f"{GNU}/libnghttp2.so.14.28.0:180000 {GNU}/libnghttp2.so.14->libnghttp2.so.14.28.0",
    "libssh2-1t64": f"{GNU}/libssh2.so.1.0.1:280000 {GNU}/libssh2.so.1->libssh2.so.1.0.1",
    "libssh2-1": f"{GNU}/libssh2.so.1.0.1:280000 {GNU}/libssh2.so.1->libssh2.so.1.0.1",
    "wget": "/usr/bin/wget@:520000 /etc/wgetrc:4950",
    "git": "/usr/bin/git@:4200000 /usr/lib/git-core/git@:4200000 /usr/lib/git-core/git-remote-http@:1900000"
           " /usr/lib/git-core/git-remote-https->git-remote-http /usr/share/git-core/templates/description:73",
    "vim": "/usr/bin/vim.basic@vim:3900000 /etc/alternatives/vim->/usr/bin/vim.basic /usr/bin/vim->/etc/alternatives/vim"
           " /etc/alternatives/vi->/usr/bin/vim.basic /usr/bin/vi->/etc/alternatives/vi",
    "vim-common": "/etc/vim/vimrc:2500 /usr/share/vim/vimrc->/etc/vim/vimrc",
    "xxd": "/usr/bin/xxd@:18000",
    "python3-minimal": "/usr/bin/python3->python3.13",
    "python3.13-minimal": "/usr/bin/python3.13@python3:8000000",
    "python3.11-minimal": "/usr/bin/python3.11@python3:6800000",
    "nginx": "/usr/sbin/nginx@:1400000",
    "nginx-common": "/etc/nginx/nginx.conf:1450 /etc/nginx/mime.types:5400 /etc/nginx/sites-available/default:2400"
                    " /etc/nginx/sites-enabled/default->/etc/nginx/sites-available/default"
                    " /var/www/html/index.nginx-debian.html:615 /usr/share/nginx/html/index.html:615",
    "stress": "/usr/bin/stress@:35000",
    "stress-ng": "/usr/bin/stress-ng@:6500000",
    "procps": "/usr/bin/ps@:140000 /usr/bin/top@:130000 /usr/bin/free@:27000 /usr/bin/pgrep@:31000"
              " /usr/bin/pkill->pgrep /usr/bin/uptime@:15000 /usr/bin/vmstat@:39000 /usr/bin/watch@:31000"
              " /usr/bin/w@:23000 /usr/bin/pmap@:27000 /usr/sbin/sysctl@:27000",
    "iproute2": "/usr/bin/ip@:780000 /usr/bin/ss@:160000 /usr/sbin/tc@:560000 /usr/sbin/bridge@:120000",
    "iputils-ping": "/usr/bin/ping@:90000",
    "htop": "/usr/bin/htop@:380000",
    "jq": "/usr/bin/jq@:31000",
    "libjq1": f"{GNU}/libjq.so.1.0.4:360000 {GNU}/libjq.so.1->libjq.so.1.0.4",
    "libonig5": f"{GNU}/libonig.so.5.4.0:600000 {GNU}/libonig.so.5->libonig.so.5.4.0",
    "openssl": "/usr/bin/openssl@:1000000 /usr/bin/c_rehash:7000",
    "ca-certificates": "/usr/sbin/update-ca-certificates@sh:5600 /etc/ca-certificates.conf:6500"
                       " /usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt:1939"
                       " /etc/ssl/certs/ca-certificates.crt:220000",
    "less": "/usr/bin/less@:200000",
    "perl": "/usr/bin/perl@:3900000",
    "openssh-client": "/usr/bin/ssh@:1200000 /usr/bin/scp@:140000 /etc/ssh/ssh_config:1650",
    "patch": "/usr/bin/patch@:200000",
    "psmisc": "/usr/bin/killall@:32000 /usr/bin/pstree@:32000 /usr/bin/fuser@:40000",
}

# Alpine (binaries in /usr/bin; libraries directly in /usr/lib).
APK: Dict[str, str] = {
    "curl": "/usr/bin/curl@:260000",
    "libcurl": "/usr/lib/libcurl.so.4.8.0:700000 /usr/lib/libcurl.so.4->libcurl.so.4.8.0",
    "nghttp2-libs": "/usr/lib/libnghttp2.so.14.28.2:160000 /usr/lib/libnghttp2.so.14->libnghttp2.so.14.28.2",
    "wget": "/usr/bin/wget@:470000 /etc/wgetrc:4950",
    "git": "/usr/bin/git@:3600000 /usr/libexec/git-core/git-remote-http@:1600000",
    "vim": "/usr/bin/vim@:3300000 /usr/bin/vi->vim /usr/bin/view->vim",
    "vim-common": "/usr/share/vim/vimrc:2500",
    "xxd": "/usr/bin/xxd@:18000",
    "bash": "/bin/bash@:700000",
    "python3": "/usr/bin/python3.12@python3:14000 /usr/bin/python3->python3.12 /usr/lib/libpython3.12.so.1.0:5200000",
    "nginx": "/usr/sbin/nginx@:1300000 /etc/nginx/nginx.conf:3000 /etc/nginx/http.d/default.conf:400",
    "stress": "/usr/bin/stress@:30000",
    "stress-ng": "/usr/bin/stress-ng@:5800000",
    "procps-ng": "/bin/ps@:90000 /usr/bin/top@:110000 /usr/bin/free@:20000 /usr/bin/pgrep@:30000"
                 " /usr/bin/vmstat@:35000 /usr/bin/watch@:30000 /usr/bin/pmap@:25000",
    "iproute2-minimal": "/sbin/ip@:700000",
    "iproute2-ss": "/sbin/ss@:150000",
    "iproute2-tc": "/sbin/tc@:500000",
    "iputils-ping": "/bin/ping@:80000",
    "htop": "/usr/bin/htop@:330000",
    "jq": "/usr/bin/jq@:350000",
    "oniguruma": "/usr/lib/libonig.so.5.4.0:550000 /usr/lib/libonig.so.5->libonig.so.5.4.0",
    "ca-certificates": "/usr/sbin/update-ca-certificates@:30000 /etc/ca-certificates.conf:6500"
                       " /usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt:1939",
}

TEXTS: Dict[str, str] = {}
