"""--format on stats and images: the CLI's fields, headers, JSON, Go times and template errors."""

import re


def test_stats_formats(sh):
    sh("pull -q alpine")
    assert sh("run -d --name web alpine sleep 100")[1] == 0
    cid = sh("inspect -f '{{.Id}}' web")[0].strip()
    assert sh("stats --format '{{.Name}} {{.CPUPerc}} {{.PIDs}}'") == ("web 0.00% 1\n", 0)
    assert sh("stats --format 'table {{.Container}}\\t{{.ID}}' web") == (
        f"CONTAINER   CONTAINER ID\nweb         {cid[:12]}\n", 0)
    out, status = sh("stats --format json")
    assert status == 0 and out.startswith('{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"' + cid[:12])
    assert sh("stats --no-trunc --format '{{.ID}}'") == (cid + "\n", 0)
    out, status = sh("stats --format '{{.Nope}}'")
    assert status == 1 and "can't evaluate field Nope in type *container.statsContext" in out


def test_images_formats(sh):
    sh("pull -q alpine")
    assert sh("images --format '{{.Repository}}:{{.Tag}}'") == ("alpine:latest\n", 0)
    assert sh("images --format 'table {{.Repository}}\\t{{.Size}}'") == ("REPOSITORY   SIZE\nalpine       8.44MB\n", 0)
    out, status = sh("images --format json alpine")
    assert status == 0 and re.fullmatch(r'\{"Containers":"N/A","CreatedAt":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC",'
                                         r'"CreatedSince":".* ago","Digest":"sha256:[0-9a-f]{64}","ID":"[0-9a-f]{12}",'
                                         r'"Repository":"alpine","SharedSize":"N/A","Size":"8.44MB","Tag":"latest",'
                                         r'"UniqueSize":"N/A","VirtualSize":"8.44MB"\}\n', out)
    out, status = sh("images --format '{{.Nope}}'")
    assert status == 1 and "can't evaluate field Nope in type *formatter.imageContext" in out


def test_ps_created_at_is_gos_time_string(sh):
    sh("pull -q alpine")
    sh("run -d --name web alpine sleep 100")
    out, status = sh("ps --format '{{.CreatedAt}}'")
    assert status == 0 and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC\n", out)


def test_ps_shows_the_image_id_once_the_name_is_gone_and_no_ports_when_stopped(sh):
    sh("pull -q alpine")
    sh("run -d --name up -p 8080:80 alpine sleep 100")
    sh("run --name down -p 8081:80 alpine true")
    assert sh("ps -a --format '{{.Names}}|{{.Ports}}'") == (
        "down|\nup|0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n", 0)
    image = sh("inspect -f '{{.Image}}' up")[0].strip()
    sh("rmi -f alpine")
    assert sh("ps --format '{{.Image}}'") == (image[7:19] + "\n", 0)
    assert sh("ps --no-trunc --format '{{.Image}}'") == (image + "\n", 0)


def test_ps_filters_by_order_ports_networks_and_volumes(sh):
    sh("pull -q nginx")
    sh("pull -q alpine")
    sh("run -d --name a1 -p 8080:80 --expose 9000 nginx")
    sh("run -d --name a2 -v data:/data alpine sleep 100")
    sh("network create n1")
    sh("run -d --name a3 --network n1 alpine sleep 100")

    def names(filters):
        out, status = sh(f"ps {filters} --format '{{{{.Names}}}}'")
        assert status == 0, out
        return out.split()
    assert names("-f publish=80") == ["a1"] and names("-f publish=8080") == []
    assert names("-f expose=9000") == ["a1"] and names("-f expose=8000-9000/udp") == []
    assert names("-f since=a1") == ["a3", "a2"] and names("-f before=a3") == ["a2", "a1"]
    assert names("-f since=a1 -f before=a3") == ["a2"]
    assert names("-f network=n1") == ["a3"] and names("-f network=bridge") == ["a2", "a1"]
    assert names("-f volume=data") == ["a2"] and names("-f volume=/data") == ["a2"]
    assert sh("ps -f since=nosuch")[0] == "Error response from daemon: No such container: nosuch\n"


def test_images_filter_by_label_and_order(sh):
    sh("pull -q alpine")
    sh("build -q -t lab:1 - <<EOF\nFROM alpine\nLABEL team=a\nRUN echo x > /x\nEOF")
    assert sh("images -f label=team --format '{{.Repository}}'") == ("lab\n", 0)
    assert sh("images -f label=team=b --format '{{.Repository}}'") == ("", 0)
    assert sh("images -f since=alpine --format '{{.Repository}}'") == ("lab\n", 0)
    assert sh("images -f before=lab:1 --format '{{.Repository}}'") == ("alpine\n", 0)
    assert sh("images -f before=nosuch")[1] == 1
