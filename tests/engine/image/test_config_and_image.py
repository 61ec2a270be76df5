import hashlib
import json

import pytest

from engine.image.config import ImageConfig
from engine.image.image import HistoryEntry, Image, chain_ids
from engine.vfs.entry import regular
from engine.vfs.layer import Layer


def test_inspect_shape_is_docker_28():
    config = ImageConfig(env=["PATH=/usr/bin"], cmd=["nginx", "-g", "daemon off;"],
                         exposed_ports={"80/tcp": {}}, stop_signal="SIGQUIT")
    shown = config.to_dict()
    assert list(shown) == sorted(shown)  # Docker 28 writes this object from a Go map
    assert shown == {"Cmd": ["nginx", "-g", "daemon off;"], "Entrypoint": None, "Env": ["PATH=/usr/bin"],
                     "ExposedPorts": {"80/tcp": {}}, "Labels": None, "OnBuild": None,
                     "StopSignal": "SIGQUIT", "User": "", "Volumes": None, "WorkingDir": ""}


def test_oci_blob_shape_omits_empty_fields_in_spec_order():
    config = ImageConfig(cmd=["sh"], env=["A=1"], working_dir="/")
    assert list(config.to_oci_dict()) == ["Env", "Cmd", "WorkingDir"]


def test_env_helpers():
    config = ImageConfig(env=["PATH=/bin", "LANG=C.UTF-8", "EMPTY="])
    assert config.env_dict() == {"PATH": "/bin", "LANG": "C.UTF-8", "EMPTY": ""}
    assert config.getenv("LANG") == "C.UTF-8"
    changed = config.with_env(PATH="/usr/bin", NEW="x")
    assert changed.env == ("PATH=/usr/bin", "LANG=C.UTF-8", "EMPTY=", "NEW=x")
    assert config.env[0] == "PATH=/bin"  # the original is untouched
    assert ImageConfig.from_dict(changed.to_dict()) == changed


def _image(text="hello", created=1_700_000_000.0):
    layer = Layer({"/hello.txt": regular(text)})
    history = [HistoryEntry(created, "COPY hello.txt / # buildkit", comment="buildkit.dockerfile.v0"),
               HistoryEntry(created, 'CMD ["cat" "/hello.txt"]', True, "buildkit.dockerfile.v0")]
    return Image([layer], ImageConfig(cmd=["cat", "/hello.txt"]), history, created)


def test_image_id_is_the_hash_of_its_config_blob():
    image = _image()
    blob = json.loads(image.config_json())
    assert blob["rootfs"] == {"type": "layers", "diff_ids": [image.layers[0].digest]}
    assert blob["history"][1]["empty_layer"] is True
    assert image.id.startswith("sha256:") and len(image.id) == 71
    assert image.short_id == image.id[7:19]
    assert _image().id == image.id
    assert _image(text="other").id != image.id
    assert _image(created=1_700_000_001.0).id != image.id


def test_size_and_history_pairing():
    image = _image("12345")
    assert image.size == 5
    pairs = list(image.history_with_layers())
    assert pairs[0][1] is image.layers[0] and pairs[1][1] is None
    with pytest.raises(ValueError):
        Image(image.layers * 2, image.config, image.history, image.created)


def test_chain_ids_follow_docker():
    assert chain_ids(["sha256:a"]) == ["sha256:a"]
    second = chain_ids(["sha256:a", "sha256:b"])[1]
    assert second == "sha256:" + hashlib.sha256(b"sha256:a sha256:b").hexdigest()
