"""Alpine's main and community repositories for v3.19, v3.20 and v3.23 (x86_64).

Table lines: name|version|installed bytes|download bytes|depends||description|repo.
The base lines are the packages of the minirootfs (what /lib/apk/db/installed
lists before anything is added). Versions are those of the branch's last
point release; apk-tools is 2.14 up to v3.20 and 3.0 from v3.23 on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, Tuple

from . import Release, generated, parse_table

_COMMON_BASE = ("alpine-baselayout alpine-baselayout-data alpine-keys apk-tools busybox busybox-binsh "
                "ca-certificates-bundle libcrypto3 libssl3 musl musl-utils scanelf ssl_client zlib")

# branch -> (table, index description per repository, distinct packages available)
_V319 = """
alpine-baselayout|3.4.3-r2|20480|8970|alpine-baselayout-data busybox||Alpine base dir structure and init scripts|main
alpine-baselayout-data|3.4.3-r2|81920|11284|||Alpine base dir structure and init scripts|main
alpine-keys|2.4-r1|159744|13436|||Public keys for Alpine Linux packages|main
apk-tools|2.14.4-r0|307200|121436|musl ca-certificates-bundle libcrypto3 libssl3 zlib||Alpine Package Keeper - package manager for alpine|main
busybox|1.36.1-r20|948224|515520|musl||Size optimized toolbox of many common UNIX utilities|main
busybox-binsh|1.36.1-r20|4096|1527|busybox||busybox ash /bin/sh|main
ca-certificates-bundle|20250911-r0|233472|133404|||Pre generated bundle of Mozilla certificates|main
libcrypto3|3.1.8-r1|4521984|1722080|musl||Crypto library from openssl|main
libssl3|3.1.8-r1|667648|239416|musl libcrypto3||SSL shared libraries|main
musl|1.2.4_git20230717-r5|663552|396000|||the musl c library (libc) implementation|main
musl-utils|1.2.4_git20230717-r5|139264|37100|musl scanelf||the musl c library (libc) implementation|main
scanelf|1.3.7-r2|81920|37430|musl||Scan ELF binaries for stuff|main
ssl_client|1.36.1-r20|28672|5048|musl libcrypto3 libssl3||EXternal ssl_client for busybox wget|main
zlib|1.3.1-r0|106496|53072|musl||A compression/decompression Library|main
ca-certificates|20250911-r0|700416|165048|musl libcrypto3||Common CA certificates PEM files from Mozilla|main
brotli-libs|1.1.0-r1|794624|341336|musl||Generic lossless compressor (libraries)|main
c-ares|1.34.5-r0|229376|92476|musl||Asynchronous DNS/names resolver library|main
libunistring|1.1-r2|1744896|545024|musl||Library for manipulating Unicode strings and C strings|main
libidn2|2.3.4-r4|217088|62336|musl libunistring||Encode/Decode library for internationalized domain names|main
nghttp2-libs|1.58.0-r0|172032|73904|musl||Experimental HTTP/2 client, server and proxy (libraries)|main
libpsl|0.21.5-r0|73728|25512|musl libidn2 libunistring||C library for the Public Suffix List|main
zstd-libs|1.5.5-r8|786432|290600|musl||Zstandard - Fast real-time compression algorithm (libraries)|main
libcurl|8.14.1-r1|864256|378116|musl brotli-libs c-ares libidn2 nghttp2-libs libpsl libcrypto3 libssl3 zlib zstd-libs||The multiprotocol file transfer library|main
curl|8.14.1-r1|270336|165224|musl ca-certificates libcurl zlib||URL retrieval utility and library|main
pcre2|10.42-r2|753664|286572|musl||Perl-compatible regular expression library|main
wget|1.21.4-r0|499712|174308|musl libidn2 libunistring pcre2 libcrypto3 libssl3 zlib||Network utility to retrieve files from the Web|main
libexpat|2.7.3-r0|188416|78160|musl||XML Parser library written in C|main
git|2.43.7-r0|12996608|6542696|musl ca-certificates libcurl libexpat pcre2 zlib||Distributed version control system|main
ncurses-terminfo-base|6.4_p20231125-r0|57344|22204|||Descriptions of common terminals|main
libncursesw|6.4_p20231125-r0|311296|152016|musl ncurses-terminfo-base||Console display library (libncursesw)|main
xxd|9.0.2127-r0|20480|10584|musl||Hexdump utility from vim|main
vim-common|9.0.2127-r0|32309248|6920000|||Vi IMproved, a programmer's text editor (common files)|main
vim|9.0.2127-r0|3534848|1563000|musl libncursesw vim-common xxd||Improved vi-style text editor|main
readline|8.2.1-r2|282624|117180|musl libncursesw||GNU readline library|main
bash|5.2.21-r0|1282048|429500|musl readline libncursesw||The GNU Bourne Again shell|main
libbz2|1.0.8-r6|73728|31400|musl||Shared library for bz2|main
libffi|3.4.4-r3|45056|12200|musl||portable, high level programming interface to various calling conventions|main
gdbm|1.23-r1|233472|83400|musl readline||GNU dbm is a set of database routines that use extensible hashing|main
xz-libs|5.4.5-r1|225280|102000|musl||Library and CLI tools for XZ and LZMA compressed files (libraries)|main
mpdecimal|2.5.1-r2|196608|83200|musl||complete implementation of the General Decimal Arithmetic Specification|main
libpanelw|6.4_p20231125-r0|20480|6800|musl libncursesw||Console display library (libpanelw)|main
sqlite-libs|3.44.2-r1|1572864|812000|musl||Sqlite3 library|main
python3|3.11.14-r0|16818176|8630000|musl ca-certificates gdbm libbz2 libexpat libffi libpanelw mpdecimal readline sqlite-libs xz-libs zlib||A high-level scripting language|main
pcre|8.45-r3|393216|172000|musl||Perl-compatible regular expression library|main
nginx|1.24.0-r16|1482752|620000|musl pcre libcrypto3 libssl3 zlib||HTTP and reverse proxy server (stable version)|main
stress|1.0.7-r1|36864|18000|musl||A deliberately simple workload generator for POSIX systems|community
judy|1.0.5-r0|204800|75000|musl||General purpose dynamic array|community
libaio|0.3.113-r2|20480|6600|musl||Asynchronous input/output library|main
libbsd|0.11.7-r3|86016|37000|musl libmd||commonly-used BSD functions not implemented by all libcs|main
libmd|1.1.0-r0|53248|22000|musl||Message Digest functions from BSD systems|main
libjpeg-turbo|3.0.1-r0|684032|260000|musl||Accelerated baseline JPEG compression and decompression library|main
lksctp-tools|1.0.19-r4|61440|24000|musl||User-space access to Linux Kernel SCTP|main
keyutils-libs|1.6.3-r3|20480|8200|musl||Linux Key Management Utilities (libraries)|main
stress-ng|0.17.01-r0|6119424|2316000|musl judy libaio libbsd libjpeg-turbo lksctp-tools keyutils-libs zlib||stress-ng will stress test a computer system in various selectable ways|community
libintl|0.22.3-r0|57344|20000|musl||GNU gettext runtime library|main
libproc2|4.0.4-r0|110592|46000|musl||Library for monitoring system and processes|main
procps-ng|4.0.4-r0|569344|204000|musl libintl libncursesw libproc2||Utilities for monitoring your system and processes on your system|main
libcap2|2.69-r1|40960|17000|musl||POSIX 1003.1e capabilities (libraries)|main
libelf|0.190-r1|282624|102000|musl zlib zstd-libs||libelf library from elfutils|main
libmnl|1.0.5-r2|28672|10000|musl||Library for minimalistic netlink|main
iproute2-minimal|6.6.0-r0|720896|280000|musl libcap2 libelf libmnl||IP Routing Utilities (/sbin/ip only)|main
iproute2-ss|6.6.0-r0|147456|65000|musl libmnl||IP Routing Utilities (ss tool)|main
iproute2-tc|6.6.0-r0|516096|210000|musl libcap2 libelf libmnl||IP Routing Utilities (traffic control)|main
iproute2|6.6.0-r0|311296|120000|musl iproute2-minimal iproute2-ss iproute2-tc libcap2 libelf libmnl||IP Routing Utilities|main
iputils-ping|20221126-r2|77824|34000|musl libcap2||A set of small useful utilities for Linux networking (ping)|main
libnl3|3.9.0-r1|626688|200000|musl||Netlink Socket Library|main
htop|3.2.2-r2|327680|140000|musl libncursesw libnl3||Interactive process viewer|main
oniguruma|6.9.9-r0|581632|190000|musl||a regular expressions library|main
jq|1.7.1-r0|356352|147000|musl oniguruma||A lightweight and flexible command-line JSON processor|main
"""

_V320 = """
alpine-baselayout|3.6.5-r0|20480|8970|alpine-baselayout-data busybox||Alpine base dir structure and init scripts|main
alpine-baselayout-data|3.6.5-r0|81920|11284|||Alpine base dir structure and init scripts|main
alpine-keys|2.4-r1|159744|13436|||Public keys for Alpine Linux packages|main
apk-tools|2.14.4-r1|307200|121436|musl ca-certificates-bundle libcrypto3 libssl3 zlib||Alpine Package Keeper - package manager for alpine|main
busybox|1.36.1-r31|948224|515520|musl||Size optimized toolbox of many common UNIX utilities|main
busybox-binsh|1.36.1-r31|4096|1527|busybox||busybox ash /bin/sh|main
ca-certificates-bundle|20250911-r0|233472|133404|||Pre generated bundle of Mozilla certificates|main
libcrypto3|3.3.5-r0|4521984|1722080|musl||Crypto library from openssl|main
libssl3|3.3.5-r0|667648|239416|musl libcrypto3||SSL shared libraries|main
musl|1.2.5-r1|647168|410000|||the musl c library (libc) implementation|main
musl-utils|1.2.5-r1|139264|37100|musl scanelf||the musl c library (libc) implementation|main
scanelf|1.3.7-r2|81920|37430|musl||Scan ELF binaries for stuff|main
ssl_client|1.36.1-r31|28672|5048|musl libcrypto3 libssl3||EXternal ssl_client for busybox wget|main
zlib|1.3.1-r1|106496|53072|musl||A compression/decompression Library|main
ca-certificates|20250911-r0|700416|165048|musl libcrypto3||Common CA certificates PEM files from Mozilla|main
brotli-libs|1.1.0-r2|794624|341336|musl||Generic lossless compressor (libraries)|main
c-ares|1.34.5-r0|229376|92476|musl||Asynchronous DNS/names resolver library|main
libunistring|1.2-r0|1753088|548000|musl||Library for manipulating Unicode strings and C strings|main
libidn2|2.3.7-r0|217088|62336|musl libunistring||Encode/Decode library for internationalized domain names|main
nghttp2-libs|1.62.1-r0|172032|73904|musl||Experimental HTTP/2 client, server and proxy (libraries)|main
libpsl|0.21.5-r1|73728|25512|musl libidn2 libunistring||C library for the Public Suffix List|main
zstd-libs|1.5.6-r0|786432|290600|musl||Zstandard - Fast real-time compression algorithm (libraries)|main
libcurl|8.14.1-r1|864256|378116|musl brotli-libs c-ares libidn2 nghttp2-libs libpsl libcrypto3 libssl3 zlib zstd-libs||The multiprotocol file transfer library|main
curl|8.14.1-r1|270336|165224|musl ca-certificates libcurl zlib||URL retrieval utility and library|main
pcre2|10.43-r0|761856|289000|musl||Perl-compatible regular expression library|main
wget|1.24.5-r0|503808|176000|musl libidn2 libunistring pcre2 libcrypto3 libssl3 zlib||Network utility to retrieve files from the Web|main
libexpat|2.7.3-r0|188416|78160|musl||XML Parser library written in C|main
git|2.45.4-r0|13500416|6760000|musl ca-certificates libcurl libexpat pcre2 zlib||Distributed version control system|main
ncurses-terminfo-base|6.4_p20240420-r2|57344|22204|||Descriptions of common terminals|main
libncursesw|6.4_p20240420-r2|311296|152016|musl ncurses-terminfo-base||Console display library (libncursesw)|main
xxd|9.1.0707-r0|20480|10584|musl||Hexdump utility from vim|main
vim-common|9.1.0707-r0|33357824|7100000|||Vi IMproved, a programmer's text editor (common files)|main
vim|9.1.0707-r0|3620864|1600000|musl libncursesw vim-common xxd||Improved vi-style text editor|main
readline|8.2.10-r0|282624|117180|musl libncursesw||GNU readline library|main
bash|5.2.26-r0|1286144|431000|musl readline libncursesw||The GNU Bourne Again shell|main
libbz2|1.0.8-r6|73728|31400|musl||Shared library for bz2|main
libffi|3.4.6-r0|45056|12200|musl||portable, high level programming interface to various calling conventions|main
gdbm|1.23-r1|233472|83400|musl readline||GNU dbm is a set of database routines that use extensible hashing|main
xz-libs|5.6.2-r1|229376|104000|musl||Library and CLI tools for XZ and LZMA compressed files (libraries)|main
mpdecimal|4.0.0-r0|200704|85000|musl||complete implementation of the General Decimal Arithmetic Specification|main
libpanelw|6.4_p20240420-r2|20480|6800|musl libncursesw||Console display library (libpanelw)|main
sqlite-libs|3.45.3-r2|1589248|820000|musl||Sqlite3 library|main
python3|3.12.12-r0|17162240|8800000|musl ca-certificates gdbm libbz2 libexpat libffi libpanelw mpdecimal readline sqlite-libs xz-libs zlib||A high-level scripting language|main
nginx|1.26.3-r0|1503232|630000|musl pcre2 libcrypto3 libssl3 zlib||HTTP and reverse proxy server (stable version)|main
stress|1.0.7-r1|36864|18000|musl||A deliberately simple workload generator for POSIX systems|community
judy|1.0.5-r0|204800|75000|musl||General purpose dynamic array|community
libaio|0.3.113-r2|20480|6600|musl||Asynchronous input/output library|main
libbsd|0.12.2-r0|86016|37000|musl libmd||commonly-used BSD functions not implemented by all libcs|main
libmd|1.1.0-r0|53248|22000|musl||Message Digest functions from BSD systems|main
libjpeg-turbo|3.0.3-r0|692224|265000|musl||Accelerated baseline JPEG compression and decompression library|main
lksctp-tools|1.0.19-r5|61440|24000|musl||User-space access to Linux Kernel SCTP|main
keyutils-libs|1.6.3-r3|20480|8200|musl||Linux Key Management Utilities (libraries)|main
stress-ng|0.17.08-r0|6352896|2400000|musl judy libaio libbsd libjpeg-turbo lksctp-tools keyutils-libs zlib||stress-ng will stress test a computer system in various selectable ways|community
libintl|0.22.5-r0|57344|20000|musl||GNU gettext runtime library|main
libproc2|4.0.4-r0|110592|46000|musl||Library for monitoring system and processes|main
procps-ng|4.0.4-r0|569344|204000|musl libintl libncursesw libproc2||Utilities for monitoring your system and processes on your system|main
libcap2|2.70-r0|40960|17000|musl||POSIX 1003.1e capabilities (libraries)|main
libelf|0.191-r0|282624|102000|musl zlib zstd-libs||libelf library from elfutils|main
libmnl|1.0.5-r2|28672|10000|musl||Library for minimalistic netlink|main
iproute2-minimal|6.9.0-r0|729088|282000|musl libcap2 libelf libmnl||IP Routing Utilities (/sbin/ip only)|main
iproute2-ss|6.9.0-r0|151552|66000|musl libmnl||IP Routing Utilities (ss tool)|main
iproute2-tc|6.9.0-r0|520192|212000|musl libcap2 libelf libmnl||IP Routing Utilities (traffic control)|main
iproute2|6.9.0-r0|311296|120000|musl iproute2-minimal iproute2-ss iproute2-tc libcap2 libelf libmnl||IP Routing Utilities|main
iputils-ping|20240117-r0|77824|34000|musl libcap2||A set of small useful utilities for Linux networking (ping)|main
libnl3|3.9.0-r1|626688|200000|musl||Netlink Socket Library|main
htop|3.3.0-r0|331776|142000|musl libncursesw libnl3||Interactive process viewer|main
oniguruma|6.9.9-r0|581632|190000|musl||a regular expressions library|main
jq|1.7.1-r0|356352|147000|musl oniguruma||A lightweight and flexible command-line JSON processor|main
"""

_V323 = """
alpine-baselayout|3.7.1-r8|20480|8970|alpine-baselayout-data busybox||Alpine base dir structure and init scripts|main
alpine-baselayout-data|3.7.1-r8|81920|11284|||Alpine base dir structure and init scripts|main
alpine-keys|2.6-r0|167936|14200|||Public keys for Alpine Linux packages|main
apk-tools|3.0.3-r1|372736|140000|musl ca-certificates-bundle libcrypto3 libssl3 zlib||Alpine Package Keeper - package manager for alpine|main
busybox|1.37.0-r30|1003520|540000|musl||Size optimized toolbox of many common UNIX utilities|main
busybox-binsh|1.37.0-r30|4096|1527|busybox||busybox ash /bin/sh|main
ca-certificates-bundle|20251003-r0|233472|133800|||Pre generated bundle of Mozilla certificates|main
libcrypto3|3.5.4-r0|4702208|1800000|musl||Crypto library from openssl|main
libssl3|3.5.4-r0|770048|270000|musl libcrypto3||SSL shared libraries|main
musl|1.2.5-r21|647168|410000|||the musl c library (libc) implementation|main
musl-utils|1.2.5-r21|139264|37100|musl scanelf||the musl c library (libc) implementation|main
scanelf|1.3.8-r2|81920|37800|musl||Scan ELF binaries for stuff|main
ssl_client|1.37.0-r30|28672|5100|musl libcrypto3 libssl3||EXternal ssl_client for busybox wget|main
zlib|1.3.1-r2|106496|53400|musl||A compression/decompression Library|main
ca-certificates|20251003-r0|700416|166000|musl libcrypto3||Common CA certificates PEM files from Mozilla|main
brotli-libs|1.2.0-r0|798720|343000|musl||Generic lossless compressor (libraries)|main
c-ares|1.34.6-r0|233472|93500|musl||Asynchronous DNS/names resolver library|main
libunistring|1.4.1-r0|1761280|552000|musl||Library for manipulating Unicode strings and C strings|main
libidn2|2.3.8-r0|221184|63000|musl libunistring||Encode/Decode library for internationalized domain names|main
nghttp2-libs|1.68.0-r0|176128|75000|musl||Experimental HTTP/2 client, server and proxy (libraries)|main
nghttp3|1.13.1-r0|155648|66000|musl||HTTP/3 library written in C|main
libpsl|0.21.5-r3|73728|25600|musl libidn2 libunistring||C library for the Public Suffix List|main
zstd-libs|1.5.7-r2|790528|292000|musl||Zstandard - Fast real-time compression algorithm (libraries)|main
libcurl|8.17.0-r1|905216|392000|musl brotli-libs c-ares libidn2 nghttp2-libs nghttp3 libpsl libcrypto3 libssl3 zlib zstd-libs||The multiprotocol file transfer library|main
curl|8.17.0-r1|282624|170000|musl ca-certificates libcurl zlib||URL retrieval utility and library|main
pcre2|10.46-r0|774144|293000|musl||Perl-compatible regular expression library|main
wget|1.25.0-r2|507904|178000|musl libidn2 libunistring pcre2 libcrypto3 libssl3 zlib||Network utility to retrieve files from the Web|main
libexpat|2.7.3-r0|188416|78160|musl||XML Parser library written in C|main
git|2.52.0-r0|14409728|7180000|musl ca-certificates libcurl libexpat pcre2 zlib||Distributed version control system|main
ncurses-terminfo-base|6.5_p20251123-r0|57344|22300|||Descriptions of common terminals|main
libncursesw|6.5_p20251123-r0|315392|154000|musl ncurses-terminfo-base||Console display library (libncursesw)|main
xxd|9.1.1952-r0|20480|10600|musl||Hexdump utility from vim|main
vim-common|9.1.1952-r0|34742272|7350000|||Vi IMproved, a programmer's text editor (common files)|main
vim|9.1.1952-r0|3780608|1660000|musl libncursesw vim-common xxd||Improved vi-style text editor|main
readline|8.3.1-r0|286720|118000|musl libncursesw||GNU readline library|main
bash|5.3.3-r1|1331200|445000|musl readline libncursesw||The GNU Bourne Again shell|main
libbz2|1.0.8-r6|73728|31400|musl||Shared library for bz2|main
libffi|3.5.2-r0|45056|12300|musl||portable, high level programming interface to various calling conventions|main
gdbm|1.26-r0|237568|84000|musl readline||GNU dbm is a set of database routines that use extensible hashing|main
xz-libs|5.8.1-r0|233472|105000|musl||Library and CLI tools for XZ and LZMA compressed files (libraries)|main
mpdecimal|4.0.1-r0|200704|85000|musl||complete implementation of the General Decimal Arithmetic Specification|main
libpanelw|6.5_p20251123-r0|20480|6800|musl libncursesw||Console display library (libpanelw)|main
sqlite-libs|3.51.1-r0|1630208|840000|musl||Sqlite3 library|main
python3|3.12.12-r0|17166336|8800000|musl ca-certificates gdbm libbz2 libexpat libffi libpanelw mpdecimal readline sqlite-libs xz-libs zlib||A high-level scripting language|main
nginx|1.28.0-r3|1544192|650000|musl pcre2 libcrypto3 libssl3 zlib||HTTP and reverse proxy server (stable version)|main
stress|1.0.7-r2|36864|18000|musl||A deliberately simple workload generator for POSIX systems|community
judy|1.0.5-r1|204800|75000|musl||General purpose dynamic array|community
libaio|0.3.113-r3|20480|6600|musl||Asynchronous input/output library|main
libbsd|0.12.2-r0|86016|37000|musl libmd||commonly-used BSD functions not implemented by all libcs|main
libmd|1.1.0-r0|53248|22000|musl||Message Digest functions from BSD systems|main
libjpeg-turbo|3.1.2-r0|700416|268000|musl||Accelerated baseline JPEG compression and decompression library|main
lksctp-tools|1.0.21-r0|61440|24000|musl||User-space access to Linux Kernel SCTP|main
keyutils-libs|1.6.3-r4|20480|8200|musl||Linux Key Management Utilities (libraries)|main
stress-ng|0.19.05-r0|7024640|2650000|musl judy libaio libbsd libjpeg-turbo lksctp-tools keyutils-libs zlib||stress-ng will stress test a computer system in various selectable ways|community
libintl|0.24.1-r0|57344|20000|musl||GNU gettext runtime library|main
libproc2|4.0.5-r0|114688|47000|musl||Library for monitoring system and processes|main
procps-ng|4.0.5-r0|577536|207000|musl libintl libncursesw libproc2||Utilities for monitoring your system and processes on your system|main
libcap2|2.76-r0|40960|17000|musl||POSIX 1003.1e capabilities (libraries)|main
libelf|0.194-r0|290816|105000|musl zlib zstd-libs||libelf library from elfutils|main
libmnl|1.0.5-r2|28672|10000|musl||Library for minimalistic netlink|main
iproute2-minimal|6.17.0-r0|741376|286000|musl libcap2 libelf libmnl||IP Routing Utilities (/sbin/ip only)|main
iproute2-ss|6.17.0-r0|155648|67000|musl libmnl||IP Routing Utilities (ss tool)|main
iproute2-tc|6.17.0-r0|528384|215000|musl libcap2 libelf libmnl||IP Routing Utilities (traffic control)|main
iproute2|6.17.0-r0|315392|121000|musl iproute2-minimal iproute2-ss iproute2-tc libcap2 libelf libmnl||IP Routing Utilities|main
iputils-ping|20250605-r0|77824|34000|musl libcap2||A set of small useful utilities for Linux networking (ping)|main
libnl3|3.11.0-r0|630784|202000|musl||Netlink Socket Library|main
htop|3.4.1-r0|335872|144000|musl libncursesw libnl3||Interactive process viewer|main
oniguruma|6.9.10-r0|585728|191000|musl||a regular expressions library|main
jq|1.8.1-r0|360448|149000|musl oniguruma||A lightweight and flexible command-line JSON processor|main
"""

BRANCHES: Dict[str, Tuple[str, str, int]] = {
    # branch -> (table, "git describe" of the index per repository, distinct packages)
    "3.19": (_V319, "v3.19.9-6-g1e0f5c2b9f1", 22943),
    "3.20": (_V320, "v3.20.8-9-g8b2c4d1d7e3", 24164),
    "3.23": (_V323, "v3.23.2-31-g0a7d6e2c5b4", 26210),
}

# packages that run a script when installed (apk prints "Executing <pkg>-<ver>.<script>")
SCRIPTS = {"nginx": "pre-install"}
# triggers (busybox refreshes its applet links, ca-certificates rebuilds the bundle)
TRIGGERS = ("busybox", "ca-certificates")
PROVIDES = {"procps": "procps-ng", "ping": "iputils-ping", "python": "python3"}


def nearest(branch: str) -> Tuple[str, str, int]:
    """The table of ``branch``, or of the nearest branch catalogued here (the index of
    older and newer branches is not in this catalogue: their packages are taken from it)."""
    if branch in BRANCHES:
        return BRANCHES[branch]

    def minor(name: str) -> int:
        parts = name.split(".")
        return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 99
    return BRANCHES[min(BRANCHES, key=lambda known: abs(minor(known) - minor(branch)))]


@lru_cache(maxsize=None)
def release(branch: str) -> Release:
    """The branch's packages: the table above (what its image has installed, at the
    branch's last point release) over the generated catalogue of the nearest branch that
    has one (generated.py: records of the real APKINDEX), which adds what the table lacks."""
    table = parse_table(nearest(branch)[0], arch="x86_64")
    data = _generated(branch)
    if data is None:
        return Release("alpine", branch, table, tuple(_COMMON_BASE.split()), PROVIDES)
    packages = {**data.packages, **table}
    return Release("alpine", branch, packages, tuple(_COMMON_BASE.split()), {**data.provides, **PROVIDES},
                   data.commands)


def _generated(branch: str):
    branches = generated.available("alpine")
    if not branches:
        return None

    def key(name: str) -> Tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else 99 for p in name.split("."))
    wanted = key(branch)
    return generated.load("alpine", min(branches, key=lambda b: sum(abs(x - y) for x, y in zip(key(b), wanted))))


def apk_v3(branch: str) -> bool:
    """apk-tools 3.0 ships from v3.23 on (messages and sizes differ from 2.14)."""
    return tuple(int(x) if x.isdigit() else 99 for x in branch.split(".")) >= (3, 23)
