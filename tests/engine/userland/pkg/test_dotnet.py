"""dotnet restore/build/publish on a project file; running .NET code says it is not simulated."""

from tests.engine.userland.conftest import Box

CSPROJ = b"""<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="MySqlConnector" Version="2.1.2" /></ItemGroup>
</Project>
"""


def _box():
    box = Box("mcr.microsoft.com/dotnet/sdk:6.0")
    box.sh("mkdir -p /src/wwwroot")
    box.fs.write("/src/aspnetapp.csproj", CSPROJ)
    box.fs.write("/src/Program.cs", b"var app = WebApplication.Create();\n" * 20)
    box.fs.write("/src/appsettings.json", b"{}\n")
    box.fs.write("/src/wwwroot/site.css", b"body{}\n")
    return box


def test_restore_then_build_then_publish():
    box = _box()
    status, out, _ = box.run("dotnet", "restore", workdir="/src")
    assert status == 0 and out.startswith("  Determining projects to restore...\n  Restored /src/aspnetapp.csproj (in ")
    assert box.fs.exists("/root/.nuget/packages/mysqlconnector/2.1.2/mysqlconnector.2.1.2.nupkg")
    status, out, _ = box.run("dotnet", "build", "-c", "Release", "-o", "/app/build", workdir="/src")
    assert status == 0 and "  All projects are up-to-date for restore.\n" in out
    assert "  aspnetapp -> /app/build/aspnetapp.dll\n\nBuild succeeded.\n    0 Warning(s)\n    0 Error(s)\n" in out
    status, out, _ = box.run("dotnet", "publish", "-c", "Release", "-o", "/app/publish", "--no-restore",
                             workdir="/src")
    assert status == 0 and out == "  aspnetapp -> /app/publish/\n"
    status, listing, _ = box.sh("cd /app/publish && find . -type f | sort")
    assert listing == ("./MySqlConnector.dll\n./appsettings.json\n./aspnetapp.deps.json\n./aspnetapp.dll\n"
                       "./aspnetapp.pdb\n./aspnetapp.runtimeconfig.json\n./web.config\n./wwwroot/site.css\n")


def test_no_project_and_running_code():
    box = _box()
    status, out, _ = box.run("dotnet", "build", workdir="/")
    assert status == 1 and out.startswith("MSBUILD : error MSB1003: Specify a project or solution file.")
    status, _, err = box.run("dotnet", "aspnetapp.dll", workdir="/src")
    assert status == 1 and err == "dotnet: running .NET code (aspnetapp.dll) is not simulated by crsim yet\n"
