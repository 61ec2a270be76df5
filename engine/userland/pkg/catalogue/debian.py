"""Debian trixie (13) and bookworm (12), amd64: main, -updates and -security.

Generated from the archive's Packages indexes with apt itself: versions,
Installed-Size (here in bytes), .deb sizes, dependencies (the alternative
apt picks), the recommends apt installs by default, descriptions, the pocket
a version comes from ("security" for debian-security) with its section, and
the architecture with "/req", "/imp" (priority) and "!" (Essential: yes).
The *_BASE lists are the packages the debian images have installed.
"""

from __future__ import annotations

from functools import lru_cache

from . import Release, generated, parse_table

TRIXIE = """
adduser|3.152|438272|190932|passwd||add and remove users and groups|/admin|all/imp
apt|3.0.4|4588544|1453228|base-passwd sqv libapt-pkg7.0 debian-archive-keyring libc6 libgcc-s1 libseccomp2 libssl3t64 libstdc++6 libsystemd0|ca-certificates|commandline package manager|/admin|amd64/req
base-files|13.8+deb13u8|512000|88324|mawk||Debian base system miscellaneous files|/admin|amd64/req!
base-passwd|3.6.7|278528|53712|libc6 libdebconfclient0 libselinux1||Debian base system master password and group files|/admin|amd64/req!
bash|5.2.37-2+b10|7368704|1500792|libc6 libtinfo6 base-files debianutils|bash-completion|GNU Bourne Again SHell|/shells|amd64/req!
bash-completion|1:2.16.0-7|1998848|319436|||programmable completion for the bash shell|/shells|all
bsdutils|1:2.41.5-0+deb13u1|410624|110208|libc6 libsystemd0||basic utilities from 4.4BSD-Lite|/utils|amd64/req!
ca-certificates|20250419+deb13u1|396288|160720|openssl debconf||Common CA certificates|/misc|all
coreutils|9.7-3|18899968|3023556|libacl1 libattr1 libc6 libcap2 libgmp10 libselinux1 libssl3t64 libsystemd0||GNU core utilities|/utils|amd64/req!
curl|8.14.1-2+deb13u7|506880|270212|libc6 libcurl4t64 zlib1g|bash-completion|command line tool for transferring data with URL syntax|/web|amd64
dash|0.5.12-12|211968|98504|libc6 debianutils||POSIX-compliant shell|/shells|amd64/req!
debconf|1.5.91|508928|121088|||Debian configuration management system|/admin|all/req
debian-archive-keyring|2025.1|309248|179244|||OpenPGP archive certificates of the Debian archive|/misc|all/imp
debianutils|5.23.2|230400|92360|libc6||Miscellaneous utilities specific to Debian|/utils|amd64/req!
diffutils|1:3.10-4|1810432|386504|libc6||File comparison utilities|/utils|amd64/req!
dpkg|1.22.22|6745088|1537216|libbz2-1.0 libc6 liblzma5 libmd0 libselinux1 libzstd1 zlib1g tar||Debian package management system|/admin|amd64/req!
findutils|4.10.0-3|2211840|700008|libc6 libselinux1||utilities for finding files--find, xargs|/utils|amd64/req!
gcc-14-base|14.2.0-19|114688|49432|||GCC, the GNU Compiler Collection (base package)|/libs|amd64
git|1:2.47.3-0+deb13u1|50333696|8861572|libc6 libcurl3t64-gnutls libexpat1 libpcre2-8-0 zlib1g perl liberror-perl git-man|ca-certificates patch less openssh-client|fast, scalable, distributed revision control system|/vcs|amd64
git-man|1:2.47.3-0+deb13u1|2305024|2204692|||fast, scalable, distributed revision control system (manual pages)|/doc|all
gpgv|2.4.7-21+deb13u1+b5|573440|241100|libbz2-1.0 libc6 libgcrypt20 libgpg-error0 zlib1g||GNU privacy guard - signature verification tool|/utils|amd64
grep|3.11-4|1296384|431488|libc6 libpcre2-8-0||GNU grep, egrep and fgrep|/utils|amd64/req!
gzip|1.13-1+deb13u1|262144|138608|libc6||GNU compression utilities|/utils|amd64/req!
hostname|3.25|51200|11024|libc6||utility to set/show the host name or domain name|/admin|amd64/req!
htop|3.4.1-5|434176|171412|libc6 libncursesw6 libtinfo6||interactive processes viewer|/utils|amd64
init-system-helpers|1.69~deb13u1|136192|39360|||helper tools for all init systems|/admin|all/req!
iproute2|6.15.0-1|3864576|1089184|debconf libbpf1 libc6 libcap2 libdb5.3t64 libelf1t64 libmnl0 libselinux1 libtirpc3t64 libxtables12 libcap2-bin||networking and traffic control tools|/net|amd64/imp
iputils-ping|3:20240905-3|191488|51248|libc6 libcap2 libidn2-0|linux-sysctl-defaults|Tools to test the reachability of network hosts|/net|amd64/imp
jq|1.7.1-6+deb13u4|128000|78900|libc6 libjq1||lightweight and flexible command-line JSON processor|/utils|amd64
krb5-locales|1.21.3-5+deb13u2|598016|101896|||internationalization support for MIT Kerberos|security/localization|all
less|668-1|385024|161148|libc6 libtinfo6||pager program similar to more|/text|amd64/imp
libacl1|2.3.2-2+b1|75776|32860|libc6||access control list - shared library|/libs|amd64
libapparmor1|4.1.0-1|117760|43688|libc6||changehat AppArmor library|/libs|amd64
libapt-pkg7.0|3.0.4|3948544|1113872|libbz2-1.0 libc6 libgcc-s1 liblz4-1 liblzma5 libssl3t64 libstdc++6 libsystemd0 libudev1 libxxhash0 libzstd1 zlib1g||package management runtime library|/libs|amd64
libattr1|1:2.5.2-3|61440|22876|libc6||extended attribute handling - shared library|/libs|amd64
libaudit-common|1:4.0.2-2+deb13u1|25600|12812|||Dynamic library for security auditing - common files|/libs|all
libaudit1|1:4.0.2-2+deb13u1|202752|57680|libaudit-common libc6 libcap-ng0||Dynamic library for security auditing|/libs|amd64
libblkid1|2.41.5-0+deb13u1|463872|171612|libc6||block device ID library|/libs|amd64
libbpf1|1:1.5.0-3|462848|168832|libc6 libelf1t64 zlib1g||eBPF helper library (shared library)|/libs|amd64
libbrotli1|1.1.0-2+deb13u1|885760|303640|libc6||library implementing brotli encoder and decoder (shared libraries)|/libs|amd64
libbsd0|0.12.2-2|219136|130968|libc6 libmd0||utility functions from BSD systems - shared library|/libs|amd64
libbz2-1.0|1.0.8-6|98304|37912|libc6||high-quality block-sorting file compressor library - runtime|/libs|amd64
libc-bin|2.41-12+deb13u5|2173952|638876|libc6||GNU C Library: Binaries|/libs|amd64/req!
libc6|2.41-12+deb13u5|13540352|2850108|libgcc-s1||GNU C Library: Shared libraries|/libs|amd64
libcap-ng0|0.8.5-4+b1|67584|17584|libc6||alternate POSIX capabilities library|/libs|amd64
libcap2|1:2.75-10+deb13u1+b3|94208|28988|libc6||POSIX 1003.1e capabilities (library)|/libs|amd64
libcap2-bin|1:2.75-10+deb13u1+b3|135168|36456|libc6 libcap2|libpam-cap|POSIX 1003.1e capabilities (utilities)|/utils|amd64
libcbor0.10|0.10.2-2|96256|28296|libc6||library for parsing and generating CBOR (RFC 7049)|/libs|amd64
libcom-err2|1.47.2-3+b12|65536|25036|libc6||common error description library|/libs|amd64
libcrypt1|1:4.4.38-1|239616|90072|libc6||libcrypt shared library|/libs|amd64
libcurl3t64-gnutls|8.14.1-2+deb13u7|1020928|384636|libbrotli1 libc6 libgnutls30t64 libgssapi-krb5-2 libidn2-0 libldap2 libnettle8t64 libnghttp2-14 libnghttp3-9 libngtcp2-16 libngtcp2-crypto-gnutls8 libpsl5t64 librtmp1 libssh2-1t64 libzstd1 zlib1g|ca-certificates|easy-to-use client-side URL transfer library (GnuTLS flavour)|/libs|amd64
libcurl4t64|8.14.1-2+deb13u7|1037312|391640|libbrotli1 libc6 libgssapi-krb5-2 libidn2-0 libldap2 libnghttp2-14 libnghttp3-9 libpsl5t64 librtmp1 libssh2-1t64 libssl3t64 libzstd1 zlib1g|ca-certificates|easy-to-use client-side URL transfer library (OpenSSL flavour)|/libs|amd64
libdb5.3t64|5.3.28+dfsg2-9|1898496|703676|libc6||Berkeley v5.3 Database Libraries [runtime]|/libs|amd64
libdebconfclient0|0.280|38912|10632|libc6||Debian Configuration Management System (C-implementation library)|/libs|amd64
libdrm-amdgpu1|2.4.124-2|82944|22632|libc6 libdrm2||Userspace interface to amdgpu-specific kernel DRM services -- runtime|/libs|amd64
libdrm-common|2.4.124-2|46080|8288|||Userspace interface to kernel DRM services -- common files|/libs|all
libdrm-intel1|2.4.124-2|186368|64104|libc6 libdrm2 libpciaccess0||Userspace interface to intel-specific kernel DRM services -- runtime|/libs|amd64
libdrm2|2.4.124-2|131072|39032|libdrm-common libc6||Userspace interface to kernel DRM services -- runtime|/libs|amd64
libedit2|3.1-20250104-1|268288|93832|libbsd0 libc6 libtinfo6||BSD editline and history libraries|/libs|amd64
libegl-mesa0|25.0.7-2+deb13u1|423936|128456|libc6 libdrm2 libexpat1 libgbm1 libgcc-s1 libwayland-client0 libwayland-server0 libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-shm0 libxcb-xfixes0 libxcb1 mesa-libgallium||free implementation of the EGL API -- Mesa vendor library|/libs|amd64
libegl1|1.7.0-1+b2|118784|34588|libc6 libglvnd0 libegl-mesa0||Vendor neutral GL dispatch library -- EGL support|/libs|amd64
libelf1t64|0.192-4|1257472|189408|libc6 libzstd1 zlib1g||library to read and write ELF files|/libs|amd64
liberror-perl|0.17030-1|72704|26872|perl||Perl module for error/exception handling in an OO-ish way|/perl|all
libexpat1|2.9.0-1~deb13u1|437248|125744|libc6||XML parsing C library - runtime library|/libs|amd64
libffi8|3.4.8-2|73728|24144|libc6||Foreign Function Interface library runtime|/libs|amd64
libfido2-1|1.15.0-1+b1|256000|78728|libc6 libcbor0.10 libssl3t64 libudev1 zlib1g||library for generating and verifying FIDO 2.0 objects|/libs|amd64
libgbm1|25.0.7-2+deb13u1|131072|44592|libc6 libdrm2 libexpat1 libwayland-server0 mesa-libgallium||generic buffer management API -- runtime|/libs|amd64
libgcc-s1|14.2.0-19|201728|72772|gcc-14-base libc6||GCC support library|/libs|amd64
libgcrypt20|1.11.0-7+deb13u1|2046976|843104|libc6 libgpg-error0||LGPL Crypto library - runtime library|/libs|amd64
libgdbm-compat4t64|1.24-2|76800|50280|libc6 libgdbm6t64||GNU dbm database routines (legacy support runtime version)|/libs|amd64
libgdbm6t64|1.24-2|141312|75176|libc6||GNU dbm database routines (runtime version)|/libs|amd64
libgles2|1.7.0-1+b2|108544|17256|libc6 libglvnd0||Vendor neutral GL dispatch library -- GLESv2 support|/libs|amd64
libglvnd0|1.7.0-1+b2|750592|51960|libc6||Vendor neutral GL dispatch library|/libs|amd64
libgmp10|2:6.3.0+dfsg-3|903168|560220|libc6||Multiprecision arithmetic library|/libs|amd64
libgnutls30t64|3.8.9-3+deb13u4|3588096|1469024|libc6 libgmp10 libhogweed6t64 libidn2-0 libnettle8t64 libp11-kit0 libtasn1-6 libunistring5||GNU TLS library - main runtime library|/libs|amd64
libgpg-error0|1.51-4|212992|82108|libc6||GnuPG development runtime library|/libs|amd64
libgpm2|1.20.7-11+b2|46080|14376|libc6||General Purpose Mouse - shared library|/libs|amd64
libgssapi-krb5-2|1.21.3-5+deb13u2|444416|139256|libkrb5-3 libc6 libcom-err2 libk5crypto3 libkrb5support0||MIT Kerberos runtime libraries - krb5 GSS-API Mechanism|security/libs|amd64
libhogweed6t64|3.10.1-1|494592|335240|libc6 libgmp10 libnettle8t64||low level cryptographic library (public-key cryptos)|/libs|amd64
libidn2-0|2.3.8-2|456704|109096|libc6 libunistring5||Internationalized domain names (IDNA2008/TR46) library|/libs|amd64
libipsec-mb2|2.0-1+b1|13159424|852424|libc6||Intel(R) Multi-Buffer Crypto for IPSec library|/libs|amd64
libjpeg62-turbo|1:2.1.5-4|710656|168152|libc6||libjpeg-turbo JPEG runtime library|/libs|amd64
libjq1|1.7.1-6+deb13u4|449536|167808|libc6 libonig5||lightweight and flexible command-line JSON processor - shared library|/libs|amd64
libjudydebian1|1.0.5-5.1|337920|101504|libc6||C library for creating and accessing dynamic arrays|/libs|amd64
libk5crypto3|1.21.3-5+deb13u2|272384|82028|libc6 libkrb5support0||MIT Kerberos runtime libraries - Crypto Library|security/libs|amd64
libkeyutils1|1.6.3-6|41984|9456|libc6||Linux Key Management Utilities (library)|/libs|amd64
libkmod2|34.2-2|147456|63196|libc6 libssl3t64||libkmod shared library|/libs|amd64
libkrb5-3|1.21.3-5+deb13u2|1099776|328056|libkrb5support0 libc6 libcom-err2 libk5crypto3 libkeyutils1 libssl3t64|krb5-locales|MIT Kerberos runtime libraries|security/libs|amd64
libkrb5support0|1.21.3-5+deb13u2|140288|33960|libc6||MIT Kerberos runtime libraries - Support library|security/libs|amd64
liblastlog2-2|2.41.5-0+deb13u1|76800|28772|libc6 libsqlite3-0||lastlog2 database shared library|/libs|amd64
libldap-common|2.6.10+dfsg-1|101376|35108|||OpenLDAP common files for libraries|/libs|all
libldap2|2.6.10+dfsg-1|589824|193576|libc6 libsasl2-2 libssl3t64|libldap-common|OpenLDAP libraries|/libs|amd64
libllvm19|1:19.1.7-3+b1|129736704|25978316|libc6 libedit2 libffi8 libgcc-s1 libstdc++6 libxml2 libz3-4 libzstd1 zlib1g||Modular compiler and toolchain technologies, runtime library|/libs|amd64
liblz4-1|1.10.0-4|177152|63900|libc6 libxxhash0||Fast LZ compression algorithm library - runtime|/libs|amd64
liblzma5|5.8.1-1+deb13u2|445440|309696|libc6||XZ-format compression library|/libs|amd64
libmd0|1.1.0-2+b1|96256|36272|libc6||message digest functions from BSD systems - shared library|/libs|amd64
libmnl0|1.0.5-3|46080|11928|libc6||minimalistic Netlink communication library|/libs|amd64
libmount1|2.41.5-0+deb13u1|578560|210408|libblkid1 libc6 libselinux1||device mounting library|/libs|amd64
libmpfr6|4.2.2-1|1254400|729320|libc6 libgmp10||multiple precision floating-point computation|/libs|amd64
libncursesw6|6.5+20250216-2|429056|135484|libtinfo6 libc6|libgpm2|shared libraries for terminal handling (wide character support)|/libs|amd64
libnettle8t64|3.10.1-1|573440|305436|libc6||low level cryptographic library (symmetric and one-way cryptos)|/libs|amd64
libnghttp2-14|1.64.0-1.1+deb13u2|234496|75412|libc6||library implementing HTTP/2 protocol (shared library)|/libs|amd64
libnghttp3-9|1.8.0-1|205824|67656|libc6||HTTP/3 library with QUIC and QPACK (library)|/libs|amd64
libngtcp2-16|1.11.0-1+deb13u1|343040|131904|libc6||implementation of QUIC protocol (library)|/libs|amd64
libngtcp2-crypto-gnutls8|1.11.0-1+deb13u1|81920|29524|libc6 libgnutls30t64 libngtcp2-16||implementation of QUIC protocol (library)|/libs|amd64
libonig5|6.9.9-1+b1|693248|189396|libc6||regular expressions library|/libs|amd64
libp11-kit0|0.25.5-3|1927168|425240|libc6 libffi8||library for loading and coordinating access to PKCS#11 modules - runtime|/libs|amd64
libpam-cap|1:2.75-10+deb13u1+b3|55296|16612|libpam-runtime libc6 libcap2 libpam0g||POSIX 1003.1e capabilities (PAM module)|/libs|amd64
libpam-modules|1.7.0-5|945152|178696|libaudit1 libc6 libcrypt1 libdb5.3t64 libpam0g libselinux1 libsystemd0 debconf libpam-modules-bin||Pluggable Authentication Modules for PAM|/admin|amd64/req
libpam-modules-bin|1.7.0-5|210944|49116|libaudit1 libc6 libcrypt1 libpam0g libselinux1 libsystemd0||Pluggable Authentication Modules for PAM - helper binaries|/admin|amd64/req
libpam-runtime|1.7.0-5|1052672|248720|debconf libpam-modules||Runtime support for the PAM library|/admin|all/req
libpam0g|1.7.0-5|198656|69880|libaudit1 libc6 debconf||Pluggable Authentication Modules library|/libs|amd64
libpciaccess0|0.17-3+b3|99328|51920|libc6 zlib1g||Generic PCI access library for X|/libs|amd64
libpcre2-8-0|10.46-1~deb13u3|792576|299148|libc6||New Perl Compatible Regular Expression Library- 8 bit runtime files|/libs|amd64
libperl5.40|5.40.1-6+deb13u1|30025728|4325996|libbz2-1.0 libc6 libcrypt1 libdb5.3t64 libgdbm-compat4t64 libgdbm6t64 zlib1g perl-modules-5.40||shared Perl library|/libs|amd64
libproc2-0|2:4.0.4-9|242688|65596|libc6 libsystemd0||library for accessing process information from /proc|/libs|amd64
libpsl5t64|0.21.2-1.1+b1|102400|57188|libidn2-0 libc6 libunistring5|publicsuffix|Library for Public Suffix List (shared libraries)|/libs|amd64
libpython3-stdlib|3.13.5-1|28672|10180|libpython3.13-stdlib||interactive high-level object-oriented language (default python3 version)|/python|amd64
libpython3.13-minimal|3.13.5-2+deb13u5|5582848|863168|libc6 libssl3t64|libpython3.13-stdlib|Minimal subset of the Python language (version 3.13)|/python|amd64
libpython3.13-stdlib|3.13.5-2+deb13u5|9111552|1958624|libpython3.13-minimal media-types netbase tzdata libbz2-1.0 libc6 libdb5.3t64 libffi8 liblzma5 libncursesw6 libreadline8t64 libsqlite3-0 libtinfo6 libuuid1||Interactive high-level object-oriented language (standard library, version 3.13)|/python|amd64
libreadline8t64|8.2-6|496640|168832|readline-common libc6 libtinfo6||GNU readline and history libraries, run-time libraries|/libs|amd64
librtmp1|2.4+20151223.gitfa8646d.1-2+b5|147456|58840|libc6 libgmp10 libgnutls30t64 libhogweed6t64 libnettle8t64 zlib1g||toolkit for RTMP streams (shared library)|/libs|amd64
libsasl2-2|2.1.28+dfsg1-9|159744|57512|libsasl2-modules-db libc6 libssl3t64|libsasl2-modules|Cyrus SASL - authentication abstraction library|/libs|amd64
libsasl2-modules|2.1.28+dfsg1-9|288768|66712|libc6 libssl3t64||Cyrus SASL - pluggable authentication modules|/libs|amd64
libsasl2-modules-db|2.1.28+dfsg1-9|71680|19768|libc6 libdb5.3t64||Cyrus SASL - pluggable authentication modules (DB)|/libs|amd64
libsctp1|1.0.21+dfsg-1|53248|25760|libc6||user-space access to Linux kernel SCTP - shared library|/libs|amd64
libseccomp2|2.6.0-2|205824|51712|libc6||high level interface to Linux seccomp filter|/libs|amd64
libselinux1|3.8.1-1|234496|84680|libc6 libpcre2-8-0||SELinux runtime shared libraries|/libs|amd64
libsemanage-common|3.8.1-1|21504|7812|||Common files for SELinux policy management libraries|/libs|all
libsemanage2|3.8.1-1|320512|95284|libsemanage-common libaudit1 libbz2-1.0 libc6 libselinux1 libsepol2||SELinux policy management library|/libs|amd64
libsensors-config|1:3.6.2-2|37888|16236|||lm-sensors configuration files|/utils|all
libsensors5|1:3.6.2-2|102400|37492|libsensors-config libc6||library to read temperature/voltage/fan sensors|/libs|amd64
libsepol2|3.8.1-1|855040|295588|libc6||SELinux library for manipulating binary security policies|/libs|amd64
libsmartcols1|2.41.5-0+deb13u1|386048|143216|libc6||smart column output alignment library|/libs|amd64
libsodium23|1.0.18-1+deb13u1|441344|165028|libc6||Network communication, cryptography and signaturing library|/libs|amd64
libsqlite3-0|3.46.1-7+deb13u2|1878016|914584|libc6||SQLite 3 shared library|/libs|amd64
libssh2-1t64|1.11.1-1+deb13u2|451584|245240|libc6 libssl3t64 zlib1g||SSH2 client-side library|/libs|amd64
libssl3t64|3.5.9-1~deb13u1|8320000|2464736|libc6 libzstd1 zlib1g openssl-provider-legacy||Secure Sockets Layer toolkit - shared libraries|/libs|amd64
libstdc++6|14.2.0-19|3091456|713628|gcc-14-base libc6 libgcc-s1||GNU Standard C++ Library v3|/libs|amd64
libsystemd0|257.13-1~deb13u1|1252352|454648|libc6 libcap2||systemd utility library|/libs|amd64
libtasn1-6|4.20.0-2+deb13u1|124928|50112|libc6||Manage ASN.1 structures (runtime)|/libs|amd64
libtinfo6|6.5+20250216-2|582656|348380|libc6||shared low-level terminfo library for terminal handling|/libs|amd64
libtirpc-common|1.3.6+ds-1|32768|11004|||transport-independent RPC library - common files|/libs|all
libtirpc3t64|1.3.6+ds-1|241664|83300|libc6 libgssapi-krb5-2 libtirpc-common||transport-independent RPC library|/libs|amd64
libudev1|257.13-1~deb13u1|365568|152300|libc6 libcap2||libudev shared library|/libs|amd64
libunistring5|1.3-2|2142208|476768|libc6||Unicode string library for C|/libs|amd64
libuuid1|2.41.5-0+deb13u1|100352|37848|libc6||Universally Unique ID library|/libs|amd64
libwayland-client0|1.23.1-3|96256|26816|libc6 libffi8||wayland compositor infrastructure - client library|/libs|amd64
libwayland-server0|1.23.1-3|114688|34432|libc6 libffi8||wayland compositor infrastructure - server library|/libs|amd64
libx11-6|2:1.8.12-1|1677312|815292|libc6 libxcb1 libx11-data||X11 client-side library|/libs|amd64
libx11-data|2:1.8.12-1|1613824|343072|||X11 client-side library|/x11|all
libx11-xcb1|2:1.8.12-1|313344|247128|libx11-6||Xlib/XCB interface library|/libs|amd64
libxau6|1:1.0.11-1|43008|20392|libc6||X11 authorisation library|/libs|amd64
libxcb-dri3-0|1.17.0-2+b1|140288|106892|libc6 libxcb1||X C Binding, dri3 extension|/libs|amd64
libxcb-present0|1.17.0-2+b1|131072|105612|libc6 libxcb1||X C Binding, present extension|/libs|amd64
libxcb-randr0|1.17.0-2+b1|201728|116736|libc6 libxcb1||X C Binding, randr extension|/libs|amd64
libxcb-shm0|1.17.0-2+b1|130048|105284|libc6 libxcb1||X C Binding, shm extension|/libs|amd64
libxcb-sync1|1.17.0-2+b1|153600|108688|libc6 libxcb1||X C Binding, sync extension|/libs|amd64
libxcb-xfixes0|1.17.0-2+b1|155648|109288|libc6 libxcb1||X C Binding, xfixes extension|/libs|amd64
libxcb1|1.17.0-2+b1|308224|144340|libc6 libxau6 libxdmcp6||X C Binding|/libs|amd64
libxdmcp6|1:1.1.5-1|60416|27756|libc6||X11 Display Manager Control Protocol library|/libs|amd64
libxext6|2:1.3.4-1+b3|132096|50448|libc6 libx11-6||X11 miscellaneous extension library|/libs|amd64
libxml2|2.12.7+dfsg+really2.9.14-2.1+deb13u3|1961984|699724|libc6 liblzma5 zlib1g||GNOME XML library|/libs|amd64
libxmuu1|2:1.1.3-3+b4|54272|21896|libc6 libx11-6||X11 miscellaneous micro-utility library|/libs|amd64
libxshmfence1|1.3.3-1|36864|10884|libc6||X shared memory fences - shared library|/libs|amd64
libxtables12|1.8.11-2|103424|31896|libc6||netfilter xtables library|/libs|amd64
libxxhash0|0.8.3-2|94208|27096|libc6||shared library for xxhash|/libs|amd64
libz3-4|4.13.3-1|27793408|8560036|libc6 libgcc-s1 libstdc++6||theorem prover from Microsoft Research - runtime libraries|/libs|amd64
libzstd1|1.5.7+dfsg-1+deb13u1|867328|304140|libc6||fast lossless compression algorithm|/libs|amd64
linux-sysctl-defaults|4.12.1|19456|5724|||default sysctl configuration for Linux|/kernel|all/imp
login|1:4.16.0-2+really2.41.5-0+deb13u1|293888|114952|login.defs libpam-modules libpam-runtime libaudit1 libc6 libcrypt1 libpam0g||system login tools|/admin|amd64/req
login.defs|1:4.17.4-2+deb13u1|219136|186196|||system user management configuration|/admin|all/req
mawk|1.3.4.20250131-1|299008|140808|libc6||Pattern scanning and text processing language|/interpreters|amd64/req
media-types|13.0.0|100352|29336|||List of standard media types and their usual file extension|/net|all
mesa-libgallium|25.0.7-2+deb13u1|42613760|9630224|libc6 libdrm-amdgpu1 libdrm-intel1 libdrm2 libelf1t64 libexpat1 libgcc-s1 libllvm19 libsensors5 libstdc++6 libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-sync1 libxcb-xfixes0 libxcb1 libxshmfence1 libzstd1 zlib1g||shared infrastructure for Mesa drivers|/libs|amd64
mount|2.41.5-0+deb13u1|508928|163208|libblkid1 libc6 libmount1 libselinux1 libsmartcols1||tools for mounting and manipulating filesystems|/admin|amd64/req
ncurses-base|6.5+20250216-2|398336|273216|||basic terminal type definitions|/misc|all/req!
ncurses-bin|6.5+20250216-2|680960|438372|libc6 libtinfo6||terminal-related programs and man pages|/utils|amd64/req!
netbase|6.5|35840|12436|||Basic TCP/IP networking system|/admin|all/imp
nginx|1.26.3-3+deb13u11|1593344|613960|libc6 libcrypt1 libpcre2-8-0 libssl3t64 zlib1g iproute2 nginx-common||small, powerful, scalable web/proxy server|security/httpd|amd64
nginx-common|1.26.3-3+deb13u11|312320|112216|debconf||small, powerful, scalable web/proxy server - common files|security/httpd|all
openssh-client|1:10.0p1-7+deb13u4|5131264|989904|adduser init-system-helpers passwd libc6 libedit2 libfido2-1 libgssapi-krb5-2 libselinux1 libssl3t64 zlib1g|xauth|secure shell (SSH) client, for secure access to remote machines|/net|amd64
openssl|3.5.9-1~deb13u1|2583552|1518324|libc6 libssl3t64||Secure Sockets Layer toolkit - cryptographic utility|/utils|amd64
openssl-provider-legacy|3.5.9-1~deb13u1|440320|322440|libc6 libssl3t64||Secure Sockets Layer toolkit - cryptographic utility|/utils|amd64
passwd|1:4.17.4-2+deb13u1|4872192|1228272|base-passwd libpam-modules login.defs libacl1 libattr1 libaudit1 libbsd0 libc6 libcrypt1 libpam0g libselinux1 libsemanage2||change and administer password and group data|/admin|amd64/req
patch|2.8-2+deb13u1|247808|134460|libc6||Apply a diff file to an original|/vcs|amd64
perl|5.40.1-6+deb13u1|861184|267736|perl-base perl-modules-5.40 libperl5.40|netbase|Larry Wall's Practical Extraction and Report Language|/perl|amd64
perl-base|5.40.1-6+deb13u1|8002560|1666320|libc6 libcrypt1||minimal Perl system|/perl|amd64/req!
perl-modules-5.40|5.40.1-6+deb13u1|20472832|3013728|perl-base|perl|Core Perl modules|/libs|all
procps|2:4.0.4-9|2452480|882088|libc6 libncursesw6 libproc2-0 libsystemd0 libtinfo6 init-system-helpers|psmisc linux-sysctl-defaults|/proc file system utilities|/admin|amd64/imp
psmisc|23.7-2|972800|266696|libc6 libtinfo6||utilities that use the proc file system|/admin|amd64
publicsuffix|20250328.1952-0.1|583680|295872|||accurate, machine-readable list of domain name suffixes|/net|all
python3|3.13.5-1|84992|28244|python3-minimal python3.13 libpython3-stdlib||interactive high-level object-oriented language (default python3 version)|/python|amd64
python3-minimal|3.13.5-1|114688|27248|python3.13-minimal dpkg||minimal subset of the Python language (default python3 version)|/python|amd64
python3.13|3.13.5-2+deb13u5|849920|757492|python3.13-minimal libpython3.13-stdlib media-types tzdata|ca-certificates|Interactive high-level object-oriented language (version 3.13)|/python|amd64
python3.13-minimal|3.13.5-2+deb13u5|6930432|2224552|libc6 libpython3.13-minimal libexpat1 zlib1g|python3.13|Minimal subset of the Python language (version 3.13)|/python|amd64
readline-common|8.2-6|91136|69360|||GNU readline and history libraries, common files|/utils|all/imp
sed|4.9-2+deb13u1|1014784|330696|libacl1 libc6 libselinux1||GNU stream editor for filtering/transforming text|/utils|amd64/req!
sqv|1.3.0-3+b2|1899520|661428|libc6 libgcc-s1 libgmp10 libhogweed6t64 libnettle8t64||OpenPGP signature verification program from Sequoia|/utils|amd64
stress|1.0.7-1|57344|21944|libc6||tool to impose load on and stress test a computer system|/devel|amd64
stress-ng|0.19.02-1|14397440|3098220|libacl1 libapparmor1 libbsd0 libc6 libcrypt1 libegl1 libgbm1 libgcc-s1 libgles2 libgmp10 libipsec-mb2 libjpeg62-turbo libjudydebian1 libkmod2 libmpfr6 libsctp1 libstdc++6 libxxhash0 zlib1g||tool to load and stress a computer|/devel|amd64
sysvinit-utils|3.14-4|106496|34060|libc6||System-V-like utilities|/admin|amd64/req!
tar|1.35+dfsg-3.1|3159040|814968|libacl1 libc6 libselinux1||GNU version of the tar archiving utility|/utils|amd64/req!
tzdata|2026f-0+deb13u1|1392640|267528|debconf||time zone and daylight-saving time data|/localization|all/req
util-linux|2.41.5-0+deb13u1|5105664|1242392|libpam-modules libpam-runtime libblkid1 libc6 libcap-ng0 libcrypt1 liblastlog2-2 libmount1 libpam0g libselinux1 libsmartcols1 libsystemd0 libtinfo6 libudev1 libuuid1||miscellaneous system utilities|/utils|amd64/req!
vim|2:9.1.1230-2+deb13u2|4024320|1670616|vim-common vim-runtime libacl1 libc6 libgpm2 libselinux1 libsodium23 libtinfo6||Vi IMproved - enhanced vi editor|/editors|amd64
vim-common|2:9.1.1230-2+deb13u2|1908736|421100||xxd vim|Vi IMproved - Common files|/editors|all/imp
vim-runtime|2:9.1.1230-2+deb13u2|39348224|7129236||vim|Vi IMproved - Runtime files|/editors|all
wget|1.25.0-2|3874816|984500|libc6 libgnutls30t64 libidn2-0 libnettle8t64 libpcre2-8-0 libpsl5t64 libuuid1 zlib1g|ca-certificates|retrieves files from the web|/web|amd64
xauth|1:1.1.2-1.1|82944|35856|libc6 libx11-6 libxau6 libxext6 libxmuu1||X authentication utility|/x11|amd64
xxd|2:9.1.1230-2+deb13u2|157696|99108|libc6||tool to make (or reverse) a hex dump|/editors|amd64
zlib1g|1:1.3.dfsg+really1.3.1-1+deb13u1|176128|88720|libc6||compression library - runtime|/libs|amd64
"""
TRIXIE_BASE = """adduser apt base-files base-passwd bash bsdutils coreutils dash debconf debian-archive-keyring debianutils diffutils dpkg findutils gpgv grep gzip hostname init-system-helpers libacl1 libattr1 libaudit-common libblkid1 libbz2-1.0 libc-bin libc6 libcap-ng0 libcap2 libcrypt1 libdebconfclient0 libgcc-s1 libgcrypt20 libgmp10 libgpg-error0 libidn2-0 liblz4-1 liblzma5 libmd0 libmount1 libpam-modules libpam-modules-bin libpam-runtime libpam0g libpcre2-8-0 libseccomp2 libselinux1 libsemanage-common libsemanage2 libsepol2 libsmartcols1 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 libuuid1 libxxhash0 libzstd1 login mawk mount ncurses-base ncurses-bin passwd perl-base sed sysvinit-utils tar tzdata util-linux zlib1g gcc-14-base libapt-pkg7.0 libaudit1 libdb5.3t64 libgnutls30t64 libhogweed6t64 liblastlog2-2 libnettle8t64 libp11-kit0 libsqlite3-0 libssl3t64 libunistring5 login.defs sqv libbsd0 libffi8 openssl-provider-legacy"""
TRIXIE_PROVIDES = {'apt-transport-https': 'apt', 'base': 'base-files', 'usr-is-merged': 'base-files', 'debconf-2.0': 'debconf', 'git-completion': 'git', 'git-core': 'git', 'rgrep': 'grep', 'arpd': 'iproute2', 'ping': 'iputils-ping', 'awk': 'mawk', 'ncurses-runtime': 'ncurses-base', 'httpd': 'nginx', 'httpd-cgi': 'nginx', 'nginx-abi-1.26.3-1': 'nginx', 'ssh-client': 'openssh-client', 'podlators-perl': 'perl', 'perlapi-5.40.0': 'perl-base', 'perlapi-5.40.1': 'perl-base', 'perl-modules': 'perl-modules-5.40', 'watch': 'procps', 'publicsuffix-dafsa': 'publicsuffix', 'python3-profiler': 'python3', 'python3-supported-max': 'python3', 'python3-supported-min': 'python3', 'lsb-base': 'sysvinit-utils', 'tzdata-trixie': 'tzdata', 'hardlink': 'util-linux', 'editor': 'vim'}

BOOKWORM = """
adduser|3.134|702464|183272|passwd||add and remove users and groups|/admin|all/imp
apt|2.6.2|4333568|1373116|adduser gpgv libapt-pkg6.0 debian-archive-keyring libc6 libgcc-s1 libgnutls30 libseccomp2 libstdc++6 libsystemd0|ca-certificates|commandline package manager|/admin|amd64/req
base-files|12.4+deb12u15|349184|70936|mawk||Debian base system miscellaneous files|/admin|amd64/req!
base-passwd|3.6.1|252928|59972|libc6 libdebconfclient0 libselinux1||Debian base system master password and group files|/admin|amd64/req!
bash|5.2.15-2+b13|7335936|1490652|libc6 libtinfo6 base-files debianutils||GNU Bourne Again SHell|/shells|amd64/req!
bsdutils|1:2.38.1-5+deb12u3|363520|94412|libc6 libsystemd0||basic utilities from 4.4BSD-Lite|/utils|amd64/req!
ca-certificates|20250419~deb12u2|397312|160948|openssl debconf||Common CA certificates|security/misc|all
coreutils|9.1-1|18495488|2896560|libacl1 libattr1 libc6 libgmp10 libselinux1||GNU core utilities|/utils|amd64/req!
curl|7.88.1-10+deb12u15|500736|315764|libc6 libcurl4 zlib1g||command line tool for transferring data with URL syntax|/web|amd64
dash|0.5.12-2|195584|91848|libc6 debianutils dpkg||POSIX-compliant shell|/shells|amd64/req!
debconf|1.5.82|502784|121212|||Debian configuration management system|/admin|all/req
debian-archive-keyring|2023.3+deb12u2|300032|178572|||GnuPG archive keys of the Debian archive|/misc|all/imp
debianutils|5.7-0.5~deb12u1|248832|102588|libc6||Miscellaneous utilities specific to Debian|/utils|amd64/req!
diffutils|1:3.8-4|1636352|351740|libc6||File comparison utilities|/utils|amd64/req!
dpkg|1.21.23|6562816|1567804|libbz2-1.0 libc6 liblzma5 libmd0 libselinux1 libzstd1 zlib1g tar||Debian package management system|/admin|amd64/req!
e2fsprogs|1.47.0-2+b2|1532928|571920|libblkid1 libc6 libcom-err2 libext2fs2 libss2 libuuid1 logsave||ext2/ext3/ext4 file system utilities|/admin|amd64/req
findutils|4.9.0-4|1787904|635500|libc6 libselinux1||utilities for finding files--find, xargs|/utils|amd64/req!
gcc-12-base|12.2.0-14+deb12u1|102400|37596|||GCC, the GNU Compiler Collection (base package)|/libs|amd64
git|1:2.39.5-0+deb12u3|45967360|7264380|libc6 libcurl3-gnutls libexpat1 libpcre2-8-0 zlib1g perl liberror-perl git-man|ca-certificates patch less openssh-client|fast, scalable, distributed revision control system|/vcs|amd64
git-man|1:2.39.5-0+deb12u3|2157568|2053236|||fast, scalable, distributed revision control system (manual pages)|/doc|all
gpgv|2.2.40-1.1+deb12u2|940032|648768|libbz2-1.0 libc6 libgcrypt20 libgpg-error0 zlib1g||GNU privacy guard - signature verification tool|/utils|amd64/imp
grep|3.8-5|1274880|421444|libc6 libpcre2-8-0 dpkg||GNU grep, egrep and fgrep|/utils|amd64/req!
gzip|1.12-1|258048|140364|libc6 dpkg||GNU compression utilities|/utils|amd64/req!
hostname|3.23+nmu1|47104|10500|libc6||utility to set/show the host name or domain name|/admin|amd64/req!
htop|3.2.2-2|387072|152412|libc6 libncursesw6 libnl-3-200 libnl-genl-3-200 libtinfo6||interactive processes viewer|/utils|amd64
init-system-helpers|1.65.2+deb12u1|136192|39020|usr-is-merged||helper tools for all init systems|/admin|all/req!
iproute2|6.1.0-3|3600384|1045828|debconf libbpf1 libbsd0 libc6 libcap2 libdb5.3 libelf1 libmnl0 libselinux1 libtirpc3 libxtables12 libcap2-bin|libatm1|networking and traffic control tools|/net|amd64/imp
iputils-ping|3:20221126-1+deb12u1|123904|47172|libcap2-bin libc6 libcap2 libidn2-0||Tools to test the reachability of network hosts|/net|amd64/imp
jq|1.6-2.1+deb12u3|113664|64432|libjq1 libc6||lightweight and flexible command-line JSON processor|security/utils|amd64
krb5-locales|1.20.1-2+deb12u5|279552|63520|||internationalization support for MIT Kerberos|/localization|all
less|590-2.1~deb12u2|320512|132044|libc6 libtinfo6||pager program similar to more|/text|amd64/imp
libacl1|2.3.1-3|74752|31488|libc6||access control list - shared library|/libs|amd64
libapparmor1|3.0.8-3|111616|41192|libc6||changehat AppArmor library|/libs|amd64
libapt-pkg6.0|2.6.2|3376128|906972|libbz2-1.0 libc6 libgcc-s1 libgcrypt20 liblz4-1 liblzma5 libstdc++6 libsystemd0 libudev1 libxxhash0 libzstd1 zlib1g||package management runtime library|/libs|amd64
libatm1|1:2.5.1-4+b2|109568|68312|libc6||shared library for ATM (Asynchronous Transfer Mode)|/libs|amd64
libattr1|1:2.5.1-4|60416|22164|libc6||extended attribute handling - shared library|/libs|amd64
libaudit-common|1:3.0.9-1|22528|10448|||Dynamic library for security auditing - common files|/libs|all
libaudit1|1:3.0.9-1|153600|46764|libaudit-common libc6 libcap-ng0||Dynamic library for security auditing|/libs|amd64
libblkid1|2.38.1-5+deb12u3|407552|147380|libc6||block device ID library|/libs|amd64
libbpf1|1:1.1.2-0+deb12u1|394240|145032|libc6 libelf1 zlib1g||eBPF helper library (shared library)|/libs|amd64
libbrotli1|1.0.9-2+deb12u1|801792|274704|libc6||library implementing brotli encoder and decoder (shared libraries)|security/libs|amd64
libbsd0|0.11.7-2|206848|117416|libc6 libmd0||utility functions from BSD systems - shared library|/libs|amd64
libbz2-1.0|1.0.8-5+b1|108544|47348|libc6||high-quality block-sorting file compressor library - runtime|/libs|amd64
libc-bin|2.36-9+deb12u14|2091008|609144|libc6||GNU C Library: Binaries|/libs|amd64/req!
libc6|2.36-9+deb12u14|13313024|2759320|libgcc-s1||GNU C Library: Shared libraries|/libs|amd64
libcap-ng0|0.8.3-1+b3|66560|17068|libc6||alternate POSIX capabilities library|/libs|amd64
libcap2|1:2.66-4+deb12u3+b1|97280|27708|libc6||POSIX 1003.1e capabilities (library)|/libs|amd64
libcap2-bin|1:2.66-4+deb12u3+b1|136192|35220|libc6 libcap2|libpam-cap|POSIX 1003.1e capabilities (utilities)|/utils|amd64
libcbor0.8|0.8.0-2+b1|100352|27436|libc6||library for parsing and generating CBOR (RFC 7049)|/libs|amd64
libcom-err2|1.47.0-2+b2|56320|20044|libc6||common error description library|/libs|amd64
libcrypt1|1:4.4.33-2|238592|89464|libc6||libcrypt shared library|/libs|amd64
libcurl3-gnutls|7.88.1-10+deb12u15|847872|386008|libbrotli1 libc6 libgnutls30 libgssapi-krb5-2 libidn2-0 libldap-2.5-0 libnettle8 libnghttp2-14 libpsl5 librtmp1 libssh2-1 libzstd1 zlib1g|ca-certificates|easy-to-use client-side URL transfer library (GnuTLS flavour)|/libs|amd64
libcurl4|7.88.1-10+deb12u15|860160|392184|libbrotli1 libc6 libgssapi-krb5-2 libidn2-0 libldap-2.5-0 libnghttp2-14 libpsl5 librtmp1 libssh2-1 libssl3 libzstd1 zlib1g|ca-certificates|easy-to-use client-side URL transfer library (OpenSSL flavour)|/libs|amd64
libdb5.3|5.3.28+dfsg2-1|1876992|697412|libc6||Berkeley v5.3 Database Libraries [runtime]|/libs|amd64
libdebconfclient0|0.270|37888|9900|libc6||Debian Configuration Management System (C-implementation library)|/libs|amd64
libdrm-common|2.4.114-1|43008|7112|||Userspace interface to kernel DRM services -- common files|/libs|all
libdrm2|2.4.114-1+b1|123904|37472|libdrm-common libc6||Userspace interface to kernel DRM services -- runtime|/libs|amd64
libedit2|3.1-20221030-2|264192|92992|libbsd0 libc6 libtinfo6||BSD editline and history libraries|/libs|amd64
libegl-mesa0|22.3.6-1+deb12u2|331776|114116|libc6 libdrm2 libexpat1 libgbm1 libgcc-s1 libglapi-mesa libwayland-client0 libwayland-server0 libx11-xcb1 libxcb-dri2-0 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-sync1 libxcb-xfixes0 libxcb1 libxshmfence1||free implementation of the EGL API -- Mesa vendor library|/libs|amd64
libegl1|1.6.0-1|113664|33652|libc6 libglvnd0 libegl-mesa0||Vendor neutral GL dispatch library -- EGL support|/libs|amd64
libelf1|0.188-2.1|1060864|173796|libc6 zlib1g||library to read and write ELF files|/libs|amd64
liberror-perl|0.17029-2|74752|29032|perl||Perl module for error/exception handling in an OO-ish way|/perl|all
libexpat1|2.5.0-1+deb12u5|423936|107940|libc6||XML parsing C library - runtime library|security/libs|amd64
libext2fs2|1.47.0-2+b2|547840|204900|libc6||ext2/ext3/ext4 file system libraries|/libs|amd64
libffi8|3.4.4-1|69632|22856|libc6||Foreign Function Interface library runtime|/libs|amd64
libfido2-1|1.12.0-2+b1|246784|77216|libc6 libcbor0.8 libssl3 libudev1 zlib1g||library for generating and verifying FIDO 2.0 objects|/libs|amd64
libgbm1|22.3.6-1+deb12u2|109568|38132|libc6 libdrm2 libexpat1 libwayland-server0||generic buffer management API -- runtime|/libs|amd64
libgcc-s1|12.2.0-14+deb12u1|143360|49856|gcc-12-base libc6||GCC support library|/libs|amd64
libgcrypt20|1.10.1-3+deb12u1|1630208|696204|libc6 libgpg-error0||LGPL Crypto library - runtime library|/libs|amd64
libgdbm-compat4|1.23-3|71680|48156|libc6 libgdbm6||GNU dbm database routines (legacy support runtime version)|/libs|amd64
libgdbm6|1.23-3|132096|72248|libc6||GNU dbm database routines (runtime version)|/libs|amd64
libglapi-mesa|22.3.6-1+deb12u2|274432|35900|libc6||free implementation of the GL API -- shared library|/libs|amd64
libgles2|1.6.0-1|107520|16828|libc6 libglvnd0||Vendor neutral GL dispatch library -- GLESv2 support|/libs|amd64
libglvnd0|1.6.0-1|745472|51820|libc6||Vendor neutral GL dispatch library|/libs|amd64
libgmp10|2:6.2.1+dfsg1-1.1|875520|562588|libc6||Multiprecision arithmetic library|/libs|amd64
libgnutls30|3.7.9-2+deb12u7|3477504|1409084|libc6 libgmp10 libhogweed6 libidn2-0 libnettle8 libp11-kit0 libtasn1-6 libunistring2||GNU TLS library - main runtime library|/libs|amd64
libgpg-error0|1.46-1|196608|76888|libc6||GnuPG development runtime library|/libs|amd64
libgpm2|1.20.7-10+b1|46080|14216|libc6||General Purpose Mouse - shared library|/libs|amd64
libgssapi-krb5-2|1.20.1-2+deb12u5|435200|135168|libc6 libcom-err2 libk5crypto3 libkrb5-3 libkrb5support0||MIT Kerberos runtime libraries - krb5 GSS-API Mechanism|/libs|amd64
libhogweed6|3.8.1-2|474112|327524|libc6 libgmp10 libnettle8||low level cryptographic library (public-key cryptos)|/libs|amd64
libidn2-0|2.3.3-1+b1|449536|123636|libc6 libunistring2||Internationalized domain names (IDNA2008/TR46) library|/libs|amd64
libipsec-mb1|1.3-2|12815360|981460|libc6||Intel(R) Multi-Buffer Crypto for IPSec library|/libs|amd64
libjpeg62-turbo|1:2.1.5-2|693248|166332|libc6||libjpeg-turbo JPEG runtime library|/libs|amd64
libjq1|1.6-2.1+deb12u3|374784|136460|libc6 libonig5||lightweight and flexible command-line JSON processor - shared library|security/libs|amd64
libjudydebian1|1.0.5-5+b2|345088|101652|libc6||C library for creating and accessing dynamic arrays|/libs|amd64
libk5crypto3|1.20.1-2+deb12u5|267264|79712|libc6 libkrb5support0||MIT Kerberos runtime libraries - Crypto Library|/libs|amd64
libkeyutils1|1.6.3-2|40960|8808|libc6||Linux Key Management Utilities (library)|/libs|amd64
libkmod2|30+20221128-1|144384|57892|libc6 liblzma5 libssl3 libzstd1||libkmod shared library|/libs|amd64
libkrb5-3|1.20.1-2+deb12u5|1102848|332280|libc6 libcom-err2 libk5crypto3 libkeyutils1 libkrb5support0 libssl3|krb5-locales|MIT Kerberos runtime libraries|/libs|amd64
libkrb5support0|1.20.1-2+deb12u5|137216|33212|libc6||MIT Kerberos runtime libraries - Support library|/libs|amd64
libldap-2.5-0|2.5.13+dfsg-5|566272|183248|libc6 libgnutls30 libsasl2-2|libldap-common|OpenLDAP libraries|/libs|amd64
libldap-common|2.5.13+dfsg-5|94208|29348|||OpenLDAP common files for libraries|/libs|all
liblz4-1|1.9.4-1|173056|62884|libc6||Fast LZ compression algorithm library - runtime|/libs|amd64
liblzma5|5.4.1-1+deb12u2|340992|205796|libc6||XZ-format compression library|/libs|amd64
libmd0|1.0.4-2|80896|29456|libc6||message digest functions from BSD systems - shared library|/libs|amd64
libmnl0|1.0.4-3|47104|12476|libc6||minimalistic Netlink communication library|/libs|amd64
libmount1|2.38.1-5+deb12u3|464896|165732|libblkid1 libc6 libselinux1||device mounting library|/libs|amd64
libncursesw6|6.4-4|421888|133824|libtinfo6 libc6|libgpm2|shared libraries for terminal handling (wide character support)|/libs|amd64
libnettle8|3.8.1-2|532480|287764|libc6||low level cryptographic library (symmetric and one-way cryptos)|/libs|amd64
libnghttp2-14|1.52.0-1+deb12u3|225280|72404|libc6||library implementing HTTP/2 protocol (shared library)|/libs|amd64
libnl-3-200|3.7.0-0.2+b1|186368|63124|libc6||library for dealing with netlink sockets|/libs|amd64
libnl-genl-3-200|3.7.0-0.2+b1|59392|21600|libnl-3-200 libc6||library for dealing with netlink sockets - generic netlink|/libs|amd64
libnsl2|1.3.0-2|130048|39480|libc6 libtirpc3||Public client interface for NIS(YP) and NIS+|/libs|amd64
libonig5|6.9.8-1|681984|187828|libc6||regular expressions library|/libs|amd64
libp11-kit0|0.24.1-2|1441792|345080|libc6 libffi8||library for loading and coordinating access to PKCS#11 modules - runtime|/libs|amd64
libpam-cap|1:2.66-4+deb12u3+b1|54272|15052|libpam-runtime libc6 libcap2 libpam0g||POSIX 1003.1e capabilities (PAM module)|/libs|amd64
libpam-modules|1.5.2-6+deb12u3|1057792|293236|libaudit1 libc6 libcrypt1 libdb5.3 libpam0g libselinux1 debconf libpam-modules-bin||Pluggable Authentication Modules for PAM|/admin|amd64/req
libpam-modules-bin|1.5.2-6+deb12u3|233472|76004|libaudit1 libc6 libcrypt1 libpam0g libselinux1||Pluggable Authentication Modules for PAM - helper binaries|/admin|amd64/req
libpam-runtime|1.5.2-6+deb12u3|898048|161408|debconf libpam-modules||Runtime support for the PAM library|/admin|all/req
libpam0g|1.5.2-6+deb12u3|221184|92412|libaudit1 libc6 debconf||Pluggable Authentication Modules library|/libs|amd64
libpcre2-8-0|10.42-1+deb12u2|701440|261628|libc6||New Perl Compatible Regular Expression Library- 8 bit runtime files|/libs|amd64
libperl5.36|5.36.0-7+deb12u4|29568000|4207640|libbz2-1.0 libc6 libcrypt1 libdb5.3 libgdbm-compat4 libgdbm6 zlib1g perl-modules-5.36||shared Perl library|security/libs|amd64
libproc2-0|2:4.0.2-3|237568|62804|libc6 libsystemd0||library for accessing process information from /proc|/libs|amd64
libpsl5|0.21.2-1|98304|58684|libidn2-0 libc6 libunistring2|publicsuffix|Library for Public Suffix List (shared libraries)|/libs|amd64
libpython3-stdlib|3.11.2-1+b1|27648|9312|libpython3.11-stdlib||interactive high-level object-oriented language (default python3 version)|/python|amd64
libpython3.11-minimal|3.11.2-6+deb12u9|5357568|820928|libc6 libssl3|libpython3.11-stdlib|Minimal subset of the Python language (version 3.11)|security/python|amd64
libpython3.11-stdlib|3.11.2-6+deb12u9|8534016|1798408|libpython3.11-minimal media-types libbz2-1.0 libc6 libcrypt1 libdb5.3 libffi8 liblzma5 libncursesw6 libnsl2 libreadline8 libsqlite3-0 libtinfo6 libtirpc3 libuuid1||Interactive high-level object-oriented language (standard library, version 3.11)|security/python|amd64
libreadline8|8.2-1.3|486400|165760|readline-common libc6 libtinfo6||GNU readline and history libraries, run-time libraries|/libs|amd64
librtmp1|2.4+20151223.gitfa8646d.1-2+b2|149504|60824|libc6 libgmp10 libgnutls30 libhogweed6 libnettle8 zlib1g||toolkit for RTMP streams (shared library)|/libs|amd64
libsasl2-2|2.1.28+dfsg-10+deb12u1|171008|59908|libsasl2-modules-db libc6|libsasl2-modules|Cyrus SASL - authentication abstraction library|security/libs|amd64
libsasl2-modules|2.1.28+dfsg-10+deb12u1|290816|66868|libc6 libssl3||Cyrus SASL - pluggable authentication modules|security/libs|amd64
libsasl2-modules-db|2.1.28+dfsg-10+deb12u1|78848|20524|libc6 libdb5.3||Cyrus SASL - pluggable authentication modules (DB)|security/libs|amd64
libsctp1|1.0.19+dfsg-2|57344|29720|libc6||user-space access to Linux kernel SCTP - shared library|/libs|amd64
libseccomp2|2.5.4-1+deb12u1|151552|46808|libc6||high level interface to Linux seccomp filter|/libs|amd64
libselinux1|3.4-1+b6|203776|73720|libc6 libpcre2-8-0||SELinux runtime shared libraries|/libs|amd64
libsemanage-common|3.4-1|37888|21632|||Common files for SELinux policy management libraries|/libs|all
libsemanage2|3.4-1+b5|304128|89884|libsemanage-common libaudit1 libbz2-1.0 libc6 libselinux1 libsepol2||SELinux policy management library|/libs|amd64
libsepol2|3.4-2.1|793600|275900|libc6||SELinux library for manipulating binary security policies|/libs|amd64
libsmartcols1|2.38.1-5+deb12u3|295936|106776|libc6||smart column output alignment library|/libs|amd64
libsodium23|1.0.18-1+deb12u1|424960|162044|libc6||Network communication, cryptography and signaturing library|/libs|amd64
libsqlite3-0|3.40.1-2+deb12u2|1722368|838808|libc6||SQLite 3 shared library|/libs|amd64
libss2|1.47.0-2+b2|72704|24800|libcom-err2 libc6||command-line interface parsing library|/libs|amd64
libssh2-1|1.10.0-3+deb12u1|361472|175976|libc6 libssl3 zlib1g||SSH2 client-side library|security/libs|amd64
libssl3|3.0.22-1~deb12u2|6187008|2039888|libc6||Secure Sockets Layer toolkit - shared libraries|/libs|amd64
libstdc++6|12.2.0-14+deb12u1|2750464|612604|gcc-12-base libc6 libgcc-s1||GNU Standard C++ Library v3|/libs|amd64
libsystemd0|252.39-1~deb12u2|930816|332372|libc6 libcap2 libgcrypt20 liblz4-1 liblzma5 libzstd1||systemd utility library|/libs|amd64
libtasn1-6|4.19.0-2+deb12u1|118784|48596|libc6||Manage ASN.1 structures (runtime)|/libs|amd64
libtinfo6|6.4-4|553984|331352|libc6||shared low-level terminfo library for terminal handling|/libs|amd64
libtirpc-common|1.3.3+ds-1|35840|14048|||transport-independent RPC library - common files|/libs|all
libtirpc3|1.3.3+ds-1|231424|85192|libc6 libgssapi-krb5-2 libtirpc-common||transport-independent RPC library|/libs|amd64
libudev1|252.39-1~deb12u2|245760|108880|libc6||libudev shared library|/libs|amd64
libunistring2|1.0-2|1850368|436708|libc6||Unicode string library for C|/libs|amd64
libuuid1|2.38.1-5+deb12u3|80896|28784|libc6||Universally Unique ID library|/libs|amd64
libwayland-client0|1.21.0-1|91136|28320|libc6 libffi8||wayland compositor infrastructure - client library|/libs|amd64
libwayland-server0|1.21.0-1|113664|35876|libc6 libffi8||wayland compositor infrastructure - server library|/libs|amd64
libx11-6|2:1.8.4-2+deb12u2|1599488|759544|libc6 libxcb1 libx11-data||X11 client-side library|/libs|amd64
libx11-data|2:1.8.4-2+deb12u2|1614848|291884|||X11 client-side library|/x11|all
libx11-xcb1|2:1.8.4-2+deb12u2|258048|192356|libx11-6||Xlib/XCB interface library|/libs|amd64
libxau6|1:1.0.9-1|43008|19720|libc6||X11 authorisation library|/libs|amd64
libxcb-dri2-0|1.15-1|139264|106792|libc6 libxcb1||X C Binding, dri2 extension|/libs|amd64
libxcb-dri3-0|1.15-1|139264|106676|libc6 libxcb1||X C Binding, dri3 extension|/libs|amd64
libxcb-present0|1.15-1|129024|105420|libc6 libxcb1||X C Binding, present extension|/libs|amd64
libxcb-randr0|1.15-1|196608|116680|libc6 libxcb1||X C Binding, randr extension|/libs|amd64
libxcb-sync1|1.15-1|148480|108692|libc6 libxcb1||X C Binding, sync extension|/libs|amd64
libxcb-xfixes0|1.15-1|154624|109368|libc6 libxcb1||X C Binding, xfixes extension|/libs|amd64
libxcb1|1.15-1|303104|144052|libc6 libxau6 libxdmcp6||X C Binding|/libs|amd64
libxdmcp6|1:1.1.2-3|54272|26344|libbsd0 libc6||X11 Display Manager Control Protocol library|/libs|amd64
libxext6|2:1.3.4-1+b1|135168|52932|libc6 libx11-6||X11 miscellaneous extension library|/libs|amd64
libxmuu1|2:1.1.3-3|55296|23928|libc6 libx11-6||X11 miscellaneous micro-utility library|/libs|amd64
libxshmfence1|1.3-1|26624|8820|libc6||X shared memory fences - shared library|/libs|amd64
libxtables12|1.8.9-2|103424|30752|libc6||netfilter xtables library|/libs|amd64
libxxhash0|0.8.1-1|101376|27584|libc6||shared library for xxhash|/libs|amd64
libzstd1|1.5.4+dfsg2-5+deb12u1|803840|290236|libc6||fast lossless compression algorithm|/libs|amd64
login|1:4.13+dfsg1-1+deb12u2|2611200|616084|libaudit1 libc6 libcrypt1 libpam0g libpam-runtime libpam-modules||system login tools|/admin|amd64/req!
logsave|1.47.0-2+b2|51200|19876|libc6||save the output of a command in a log file|/admin|amd64
mawk|1.3.4.20200120-3.1|269312|119144|libc6||Pattern scanning and text processing language|/interpreters|amd64/req
media-types|10.0.0|94208|26136|||List of standard media types and their usual file extension|/net|all
mount|2.38.1-5+deb12u3|402432|134044|libblkid1 libc6 libmount1 libselinux1 libsmartcols1||tools for mounting and manipulating filesystems|/admin|amd64/req
ncurses-base|6.4-4|388096|261308|||basic terminal type definitions|/misc|all/req!
ncurses-bin|6.4-4|651264|421400|libc6 libtinfo6||terminal-related programs and man pages|/utils|amd64/req!
netbase|6.4|36864|12800|||Basic TCP/IP networking system|/admin|all/imp
nginx|1.22.1-9+deb12u11|1368064|532468|libc6 libcrypt1 libpcre2-8-0 libssl3 zlib1g iproute2 nginx-common||small, powerful, scalable web/proxy server|security/httpd|amd64
nginx-common|1.22.1-9+deb12u11|340992|115544|debconf||small, powerful, scalable web/proxy server - common files|security/httpd|all
openssh-client|1:9.2p1-2+deb12u10|5940224|993532|adduser passwd libc6 libedit2 libfido2-1 libgssapi-krb5-2 libselinux1 libssl3 zlib1g|xauth|secure shell (SSH) client, for secure access to remote machines|/net|amd64
openssl|3.0.22-1~deb12u2|2370560|1441784|libc6 libssl3||Secure Sockets Layer toolkit - cryptographic utility|security/utils|amd64
passwd|1:4.13+dfsg1-1+deb12u2|2894848|972180|libaudit1 libc6 libcrypt1 libpam0g libselinux1 libsemanage2 libpam-modules||change and administer password and group data|/admin|amd64/req
patch|2.7.6-7+deb12u1|251904|123080|libc6||Apply a diff file to an original|security/vcs|amd64
perl|5.36.0-7+deb12u4|686080|239392|dpkg perl-base perl-modules-5.36 libperl5.36|netbase|Larry Wall's Practical Extraction and Report Language|security/perl|amd64
perl-base|5.36.0-7+deb12u4|7826432|1609596|libc6 libcrypt1 dpkg||minimal Perl system|/perl|amd64/req!
perl-modules-5.36|5.36.0-7+deb12u4|18248704|2817356|dpkg perl-base|perl|Core Perl modules|security/libs|all
procps|2:4.0.2-3|2141184|708712|libc6 libncursesw6 libproc2-0 libtinfo6 init-system-helpers|psmisc|/proc file system utilities|/admin|amd64/imp
psmisc|23.6-1|930816|258696|libc6 libtinfo6||utilities that use the proc file system|/admin|amd64
publicsuffix|20230209.2326-1|347136|126380|||accurate, machine-readable list of domain name suffixes|/net|all
python3|3.11.2-1+b1|82944|26300|python3-minimal python3.11 libpython3-stdlib||interactive high-level object-oriented language (default python3 version)|/python|amd64
python3-minimal|3.11.2-1+b1|113664|26312|python3.11-minimal dpkg||minimal subset of the Python language (default python3 version)|/python|amd64
python3.11|3.11.2-6+deb12u9|666624|575032|python3.11-minimal libpython3.11-stdlib media-types|ca-certificates|Interactive high-level object-oriented language (version 3.11)|security/python|amd64
python3.11-minimal|3.11.2-6+deb12u9|6904832|2054684|libc6 libpython3.11-minimal libexpat1 zlib1g|python3.11|Minimal subset of the Python language (version 3.11)|security/python|amd64
readline-common|8.2-1.3|91136|68988|dpkg||GNU readline and history libraries, common files|/utils|all/imp
sed|4.9-1+deb12u1|1010688|329092|libacl1 libc6 libselinux1||GNU stream editor for filtering/transforming text|/utils|amd64/req!
stress|1.0.7-1|57344|21944|libc6||tool to impose load on and stress test a computer system|/devel|amd64
stress-ng|0.15.06-2|9048064|2363100|libapparmor1 libbsd0 libc6 libcrypt1 libegl1 libgbm1 libgles2 libipsec-mb1 libjpeg62-turbo libjudydebian1 libkmod2 libsctp1 libxxhash0 zlib1g||tool to load and stress a computer|/devel|amd64
sysvinit-utils|3.06-4|102400|30996|libc6||System-V-like utilities|/admin|amd64/req!
tar|1.34+dfsg-1.2+deb12u1|3219456|836288|libacl1 libc6 libselinux1||GNU version of the tar archiving utility|/utils|amd64/req!
tzdata|2026f-0+deb12u1|2632704|307832|debconf||time zone and daylight-saving time data|/localization|all/req
usr-is-merged|37~deb12u1|13312|5616|||Transitional package to assert a merged-/usr system|/oldlibs|all
util-linux|2.38.1-5+deb12u3|5097472|1177276|libblkid1 libc6 libcap-ng0 libcrypt1 libmount1 libpam0g libselinux1 libsmartcols1 libsystemd0 libtinfo6 libudev1 libuuid1 zlib1g util-linux-extra||miscellaneous system utilities|/utils|amd64/req!
util-linux-extra|2.38.1-5+deb12u3|374784|110728|libaudit1 libc6 libsmartcols1||interactive login tools|/utils|amd64
vim|2:9.0.1378-2+deb12u2|3737600|1567756|vim-common vim-runtime libacl1 libc6 libgpm2 libselinux1 libsodium23 libtinfo6||Vi IMproved - enhanced vi editor|/editors|amd64
vim-common|2:9.0.1378-2+deb12u2|250880|124836||xxd vim|Vi IMproved - Common files|/editors|all/imp
vim-runtime|2:9.0.1378-2+deb12u2|37279744|7026844||vim|Vi IMproved - Runtime files|/editors|all
wget|1.21.3-1+deb12u1|3605504|937340|libc6 libgnutls30 libidn2-0 libnettle8 libpcre2-8-0 libpsl5 libuuid1 zlib1g|ca-certificates|retrieves files from the web|/web|amd64
xauth|1:1.1.2-1|82944|35960|libc6 libx11-6 libxau6 libxext6 libxmuu1||X authentication utility|/x11|amd64
xxd|2:9.0.1378-2+deb12u2|138240|84116|libc6||tool to make (or reverse) a hex dump|/editors|amd64
zlib1g|1:1.2.13.dfsg-1|172032|86684|libc6||compression library - runtime|/libs|amd64
"""
BOOKWORM_BASE = """adduser apt base-files base-passwd bash bsdutils coreutils dash debconf debian-archive-keyring debianutils diffutils dpkg findutils gpgv grep gzip hostname init-system-helpers libacl1 libattr1 libaudit-common libblkid1 libbz2-1.0 libc-bin libc6 libcap-ng0 libcap2 libcrypt1 libdebconfclient0 libgcc-s1 libgcrypt20 libgmp10 libgpg-error0 libidn2-0 liblz4-1 liblzma5 libmd0 libmount1 libpam-modules libpam-modules-bin libpam-runtime libpam0g libpcre2-8-0 libseccomp2 libselinux1 libsemanage-common libsemanage2 libsepol2 libsmartcols1 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 libuuid1 libxxhash0 libzstd1 login mawk mount ncurses-base ncurses-bin passwd perl-base sed sysvinit-utils tar tzdata util-linux zlib1g gcc-12-base libapt-pkg6.0 libaudit1 libdb5.3 libffi8 libgnutls30 libhogweed6 libnettle8 libp11-kit0 libunistring2 libssl3 libext2fs2 e2fsprogs libcom-err2 libss2 logsave util-linux-extra usr-is-merged"""
BOOKWORM_PROVIDES = {'apt-transport-https': 'apt', 'base': 'base-files', 'debconf-2.0': 'debconf', 'git-completion': 'git', 'git-core': 'git', 'rgrep': 'grep', 'arpd': 'iproute2', 'ping': 'iputils-ping', 'e2fslibs': 'libext2fs2', 'awk': 'mawk', 'ncurses-runtime': 'ncurses-base', 'httpd': 'nginx', 'httpd-cgi': 'nginx', 'nginx-abi-1.22.1-7': 'nginx', 'ssh-client': 'openssh-client', 'podlators-perl': 'perl', 'perlapi-5.36.0': 'perl-base', 'perl-modules': 'perl-modules-5.36', 'watch': 'procps', 'publicsuffix-dafsa': 'publicsuffix', 'python3-profiler': 'python3', 'python3-supported-max': 'python3', 'python3-supported-min': 'python3', 'lsb-base': 'sysvinit-utils', 'tzdata-bookworm': 'tzdata', 'hardlink': 'util-linux', 'editor': 'vim'}


SUITES = {"trixie": (TRIXIE, TRIXIE_BASE, TRIXIE_PROVIDES), "bookworm": (BOOKWORM, BOOKWORM_BASE, BOOKWORM_PROVIDES)}


# Suites with no catalogue of their own use the nearest one that has (buster's archive
# has moved to archive.debian.org; testing and sid follow trixie here).
NEAREST = {"jessie": "bullseye", "stretch": "bullseye", "buster": "bullseye", "forky": "trixie",
           "sid": "trixie", "testing": "trixie", "unstable": "trixie"}


@lru_cache(maxsize=None)
def release(codename: str) -> Release:
    """A suite's packages: the generated catalogue of the whole archive when there is one
    (generated.py), else the table above; its image's base packages."""
    suite = codename if codename in SUITES or generated.load("debian", codename) else NEAREST.get(codename, "trixie")
    table, base, provides = SUITES.get(suite, SUITES["bookworm"])
    data = generated.load("debian", suite)
    if data is None:
        return Release("debian", suite, parse_table(table), tuple(base.split()), provides)
    return Release("debian", suite, data.packages,
                   tuple(name for name in base.split() if name in data.packages),
                   {**data.provides, **provides}, data.commands)
