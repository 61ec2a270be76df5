"""The go command: modules into the module cache, builds checked against go.mod."""

from tests.engine.userland.conftest import Box

GO_MOD = "module example.com/hello\n\ngo 1.18\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.7\n\tgithub.com/Shopify/x v1.2.3 // indirect\n)\n"
MAIN = ('package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\n'
        'func main() { fmt.Println(http.StatusOK, chi.NewRouter()) }\n')


def _box():
    box = Box("golang:1.18-alpine")
    box.sh("mkdir -p /code")
    box.fs.write("/code/go.mod", GO_MOD.encode())
    box.fs.write("/code/main.go", MAIN.encode())
    return box


def test_mod_download_fills_the_module_cache():
    box = _box()
    status, out, err = box.run("go", "mod", "download", workdir="/code")
    assert (status, out, err) == (0, "", "")
    status, out, _ = box.sh("ls /go/pkg/mod/cache/download/github.com/go-chi/chi/v5/@v/ /go/pkg/mod/github.com/")
    assert "v5.0.7.info\nv5.0.7.mod\nv5.0.7.zip\n" in out and "!shopify\n" in out  # upper case escaped


def test_build_writes_an_executable_that_says_it_is_not_simulated():
    box = _box()
    status, _, err = box.run("go", "build", "-o", "bin/backend", "main.go", workdir="/code")
    assert (status, err) == (0, "")
    status, out, err = box.sh("ls -l /code/bin/backend | cut -c1-10; /code/bin/backend")
    assert out == "-rwxr-xr-x\n" and status == 127
    assert err == "backend: this program is not simulated by crsim yet\n"
    status, _, _ = box.run("go", "build", workdir="/code")
    assert status == 0 and box.fs.exists("/code/hello")  # named after the module's last element


def test_build_needs_every_import_in_go_mod():
    box = _box()
    box.fs.write("/code/go.mod", b"module example.com/hello\n\ngo 1.18\n")
    status, _, err = box.run("go", "build", "main.go", workdir="/code")
    assert status == 1
    assert err == ("main.go:7:2: no required module provides package github.com/go-chi/chi/v5; to add it:\n"
                   "\tgo get github.com/go-chi/chi/v5\n")
    status, _, err = box.run("go", "mod", "download", workdir="/")
    assert (status, err) == (1, "go: go.mod file not found in current directory or any parent directory; "
                                "see 'go help modules'\n")
    status, out, _ = box.run("go", "version")
    assert out.startswith("go version go1.18") and out.endswith(" linux/amd64\n")
