"""BusyBox applets and the directory each one is installed in.

APPLETS is where `busybox --install -s` puts them on Alpine (its
`busybox --list-full`). The busybox image installs every applet of its own
build (busybox_build.py, generated from the real binary) directly in /bin.
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, FrozenSet, List, Tuple

APPLETS: Dict[str, Tuple[str, ...]] = {
    "/bin": tuple("""
arch ash base64 bbconfig cat chattr chgrp chmod chown cp date dd df dmesg
dnsdomainname dumpkmap echo egrep false fatattr fdflush fgrep fsync getopt grep
gunzip gzip hostname ionice iostat ipcalc kbd_mode kill link linux32 linux64 ln
login ls lsattr lzop makemime mkdir mknod mktemp more mount mountpoint mpstat mv
netstat nice pidof ping ping6 pipe_progress printenv ps pwd reformime rev rm
rmdir run-parts sed setpriv setserial sh sleep stat stty su sync tar touch true
umount uname usleep watch zcat
""".split()),
    "/sbin": tuple("""
acpid adjtimex arp blkid blockdev depmod fbsplash fdisk findfs fsck fstrim getty
halt hwclock ifconfig ifdown ifenslave ifup init inotifyd insmod ip ipaddr iplink
ipneigh iproute iprule iptunnel klogd loadkmap logread losetup lsmod mdev mkdosfs
mkfs.vfat mkswap modinfo modprobe nameif nologin pivot_root poweroff raidautorun
reboot rmmod route setconsole slattach swapoff swapon switch_root sysctl syslogd
tunctl udhcpc vconfig watchdog
""".split()),
    "/usr/bin": tuple("""
[ [[ awk basename bc beep blkdiscard bunzip2 bzcat bzip2 cal chvt cksum clear cmp
comm cpio crontab cryptpw cut dc deallocvt diff dirname dos2unix du eject env
expand expr factor fallocate find flock fold free fuser head hexdump hostid id
install ipcrm ipcs killall last less logger lsof lsusb lzcat lzma lzopcat md5sum
mesg microcom mkfifo mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt
paste pgrep pkill pmap printf pscan pstree pwdx readlink realpath renice reset
resize seq setkeycodes setsid sha1sum sha256sum sha3sum sha512sum showkey shred
shuf sort split strings sum tac tail tee test time timeout top tr traceroute
traceroute6 tree truncate tty ttysize udhcpc6 unexpand uniq unix2dos unlink
unlzma unlzop unshare unxz unzip uptime uudecode uuencode vi vlock volname wc
wget which whoami whois xargs xxd xzcat yes
""".split()),
    "/usr/sbin": tuple("""
add-shell addgroup adduser arping brctl chpasswd chroot crond delgroup deluser
ether-wake fbset killall5 loadfont nanddump nandwrite nbd-client ntpd partprobe
rdate rdev readahead remove-shell rfkill sendmail setfont setlogcons
""".split()),
}


def busybox_image_applets() -> List[str]:
    """The busybox image's applets: its build's own list (generated from the real binary)."""
    from .busybox_build import APPLETS as BUILT
    return sorted(BUILT)


@functools.lru_cache(maxsize=None)
def applet_names() -> FrozenSet[str]:
    """Every applet name either build has."""
    return frozenset(busybox_image_applets()).union(*APPLETS.values())
