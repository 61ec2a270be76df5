"""The prune commands (the question, filters, the report), system prune, container
inspect -s, info and version --format, and update's CPU period/quota and reservation."""

import json


def names(sh):
    return sh("ps -a --format '{{.Names}}'")[0].split()


def test_container_prune_removes_what_is_not_running_and_the_filters_select(sh):
    sh("run --name old alpine true")
    sh("run --name kept --label keep=yes alpine true")
    sh("run -d --name up alpine sleep 100")
    sh("pause up")
    out, status = sh("container prune")  # no answer: No, as at the end of input
    assert (out, status) == ("WARNING! This will remove all stopped containers.\n"
                             "Are you sure you want to continue? [y/N] \n", 0)
    assert sorted(names(sh)) == ["kept", "old", "up"]
    old = sh("inspect -f '{{.Id}}' old")[0]
    assert sh("container prune -f --filter label!=keep") == (
        f"Deleted Containers:\n{old}\nTotal reclaimed space: 0B\n", 0)
    assert sorted(names(sh)) == ["kept", "up"]  # a paused container is running
    assert sh("container prune -f --filter until=1h")[0] == "Total reclaimed space: 0B\n"
    assert sh("container prune -f --filter nope=1") == (
        "Error response from daemon: invalid filter 'nope'\n", 1)
    assert sh("container prune -f --filter until=soon")[0] == (
        'Error response from daemon: failed to parse value as time or duration: "soon"\n')


def test_the_answer_comes_from_a_here_document(sh):
    sh("run --name gone alpine sh -c 'echo 12345 > /f'")
    out, status = sh("container prune <<EOF\ny\nEOF")
    assert status == 0 and out.startswith("WARNING! This will remove all stopped containers.\n"
                                          "Are you sure you want to continue? [y/N] y\n"
                                          "Deleted Containers:\n")
    assert out.endswith("\nTotal reclaimed space: 6B\n") and names(sh) == []


def test_system_prune_lists_what_it_will_remove_and_removes_it(sh):
    out, status = sh("system prune -a --filter until=2h --filter label=x")
    assert status == 0 and out == (
        "WARNING! This will remove:\n  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all images without at least one container associated to them\n"
        "  - all build cache\n\n  Items to be pruned will be filtered with:\n"
        "  - label=x\n  - until=2h\n\nAre you sure you want to continue? [y/N] \n")
    sh("run --name once -v /data alpine true")
    sh("network create spare")
    assert sh("system prune -f --volumes --filter until=1h") == (
        'ERROR: The "until" filter is not supported with "--volumes"\n', 1)
    before = names(sh)
    assert sh("system prune -f --filter dangling=true")[1] == 1  # containers know no dangling
    assert names(sh) == before  # and nothing went
    out, status = sh("system prune -af --volumes")
    assert status == 0
    assert "Deleted Containers:\n" in out and "Deleted Networks:\nspare\n\n" in out
    assert "Deleted Volumes:\n" in out and "Deleted Images:\nuntagged: alpine:latest\n" in out
    assert out.endswith("Total reclaimed space: 8.44MB\n")
    assert names(sh) == [] and sh("images -q") == ("", 0)


def test_image_and_network_prune_take_label_filters(sh):
    sh("build -t lab:1 - <<EOF\nFROM alpine\nLABEL team=a\nEOF")
    out = sh("image prune -af --filter label=team")[0]
    assert "untagged: lab:1\n" in out and "alpine" not in out
    sh("network create --label x=1 n1")
    sh("network create n2")
    assert sh("network prune -f --filter label!=x") == ("Deleted Networks:\nn2\n\n", 0)


def test_container_inspect_with_sizes(sh):
    sh("run --name box alpine sh -c 'echo hello > /f'")
    assert sh("container inspect -s -f '{{.SizeRw}} {{.SizeRootFs}}' box") == (
        "6 8440181\n", 0)
    assert sh("container inspect -f '{{.SizeRw}}' box") == ("<nil>\n", 0)
    assert sh("container inspect box nosuch")[0].endswith(
        "]\nError response from daemon: No such container: nosuch\n")
    assert sh("container inspect alpine")[1] == 1  # containers only


def test_info_and_version_formats(sh):
    sh("run -d --name up alpine sleep 10")
    assert sh("info --format '{{.ContainersRunning}} {{.Driver}} {{.CgroupVersion}}'") == (
        "1 overlay2 2\n", 0)
    assert sh("system info -f '{{.ClientInfo.Context}}'") == ("default\n", 0)
    assert json.loads(sh("info -f json")[0])["OSType"] == "linux"
    assert sh("version --format '{{.Server.Os}}/{{.Server.Arch}} {{.Client.Context}}'") == (
        "linux/amd64 default\n", 0)
    assert sh("version -f '{{'") == ("template parsing error: template: :1: unclosed action\n", 64)


def test_update_cpu_period_quota_and_memory_reservation(sh):
    sh("run -d --name box alpine sleep 100")
    assert sh("update --cpu-period 50000 --cpu-quota 25000 --memory-reservation 10m box") == (
        "box\n", 0)
    assert sh("exec box cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.low") == (
        "25000 50000\n10485760\n", 0)
    assert sh("update --memory-reservation 1m box") == (
        "Error response from daemon: Minimum memory reservation allowed is 6MB\n", 1)
    assert sh("update --cpu-period 10 box")[0].startswith(
        "Error response from daemon: CPU cfs period can not be less than 1ms")
    assert sh("inspect -f '{{.HostConfig.MemoryReservation}}' box") == ("10485760\n", 0)
    assert sh("update --cpu-rt-period 5 box") == (
        "crsim-shell: crsim does not simulate --cpu-rt-period\n\n"
        "Run 'crsim-shell update --help' for more information\n", 125)
