"""The namespaces' inode numbers: one per namespace, shared where Docker shares it."""

from engine import Engine
from engine.proc.namespaces import of_running


def test_shared_namespaces_have_one_number_and_a_restart_makes_new_ones():
    engine = Engine.deterministic()
    engine.pull("alpine")
    web = engine.run("alpine", ["sleep", "300"], name="web")
    side = engine.run("alpine", ["sleep", "300"], name="side", network="container:web",
                      pid_mode="container:web")
    host = engine.run("alpine", ["sleep", "300"], name="hostnet", network="host")
    ids = of_running(engine.runtime, engine.containers)
    assert ids[side.id]["net"] == ids[web.id]["net"] and ids[side.id]["pid"] == ids[web.id]["pid"]
    assert ids[side.id]["mnt"] != ids[web.id]["mnt"]
    assert ids[host.id]["net"] == 4026531840 and ids[web.id]["user"] == 4026531837
    assert of_running(engine.runtime, engine.containers) == ids  # stable while they run
    engine.restart("web", timeout=0)
    again = of_running(engine.runtime, engine.containers)
    assert again[web.id]["mnt"] > max(max(v.values()) for v in ids.values())
