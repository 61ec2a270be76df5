"""User and group accounts: the files (``db``), how ids are chosen (``ids``), home
directories (``home``), and the tools that edit them in each family:

- ``busybox``: adduser, addgroup, deluser, delgroup (Alpine, busybox);
- ``shadow``: useradd, groupadd, usermod, userdel, groupdel, chpasswd, passwd;
- ``debian``: Debian's adduser, addgroup, deluser, delgroup (Perl scripts that run
  shadow's tools; the same names as BusyBox's applets, told apart by flavour).

"""
