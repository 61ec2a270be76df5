"""/proc/net's socket files in the kernel's layout, and BusyBox netstat reading them."""

from tests.engine.userland.conftest import Box

HEADER = ("Proto Recv-Q Send-Q Local Address           Foreign Address         State       ")


def _serving(box: Box) -> None:
    box.engine.exec("box", ["sh", "-c", "nc -lk -p 8080 -e cat"], detach=True)
    box.engine.sleep(0.5)


def test_proc_net_tcp_lists_a_listening_socket_as_the_kernel_does():
    box = Box("alpine")
    _serving(box)
    status, out, _ = box.run("cat", "/proc/net/tcp")
    header, line = out.splitlines()
    assert header.startswith("  sl  local_address rem_address   st tx_queue rx_queue") and len(header) == 149
    assert line.startswith("   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ")
    assert len(line) == 149 and line.rstrip().endswith(" 1 0000000000000000 100 0 0 10 0")
    assert box.run("cat", "/proc/net/udp6")[1].startswith("  sl  local_address                         remote")


def test_netstat_shows_servers_with_their_program():
    box = Box("alpine")
    _serving(box)
    status, out, _ = box.run("netstat", "-tlnp")
    assert out.splitlines()[:2] == ["Active Internet connections (only servers)",
                                    HEADER + "PID/Program name    "]
    assert out.splitlines()[2].startswith(
        "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      ")
    assert out.splitlines()[2].endswith("/nc")
    assert box.run("netstat")[1] == ("Active Internet connections (w/o servers)\n" + HEADER + "\n"
                                     "Active UNIX domain sockets (w/o servers)\n"
                                     "Proto RefCnt Flags       Type       State         I-Node Path\n")
