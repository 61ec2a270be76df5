"""mvn's lifecycle on a pom (dependencies, classes, jars as real zips) and jar -x/-t."""

import io
import zipfile

from tests.engine.userland.conftest import Box

POM = """<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>
    <version>2.2.5.RELEASE</version></parent>
  <groupId>com.company</groupId><artifactId>project</artifactId><version>0.0.1-SNAPSHOT</version>
  <name>New App</name>
  <properties><lib.version>1.2</lib.version></properties>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <dependency><groupId>org.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><scope>runtime</scope></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>
"""


def _box():
    box = Box("maven:3.9-eclipse-temurin-17")
    box.sh("mkdir -p /w/src/main/java/com/company /w/src/main/resources")
    box.fs.write("/w/pom.xml", POM.encode())
    box.fs.write("/w/src/main/java/com/company/Application.java", b"class Application {}\n" * 10)
    box.fs.write("/w/src/main/resources/application.properties", b"server.port=8080\n")
    return box


def test_go_offline_fetches_the_declared_versions():
    box = _box()
    status, out, _ = box.run("mvn", "-B", "dependency:go-offline", workdir="/w")
    assert status == 0
    lines = out.splitlines()
    assert lines[:5] == ["[INFO] Scanning for projects...", "[INFO] ",
                         "[INFO] ------------------------< com.company:project >-------------------------",
                         "[INFO] Building New App 0.0.1-SNAPSHOT",
                         "[INFO] --------------------------------[ jar ]---------------------------------"]
    assert ("[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/springframework/boot/"
            "spring-boot-starter-web/2.2.5.RELEASE/spring-boot-starter-web-2.2.5.RELEASE.pom") in lines
    assert "[INFO] BUILD SUCCESS" in lines and lines[-3].startswith("[INFO] Total time:  ")
    assert box.fs.exists("/root/.m2/repository/org/example/lib/1.2/lib-1.2.jar")  # ${lib.version}


def test_install_writes_a_spring_boot_fat_jar_that_jar_extracts():
    box = _box()
    status, out, _ = box.run("mvn", "install", workdir="/w")
    assert status == 0 and "[INFO] Building jar: /w/target/project-0.0.1-SNAPSHOT.jar" in out
    names = zipfile.ZipFile(io.BytesIO(box.fs.read("/w/target/project-0.0.1-SNAPSHOT.jar"))).namelist()
    assert "BOOT-INF/classes/com/company/Application.class" in names
    assert "BOOT-INF/classes/application.properties" in names
    assert "BOOT-INF/lib/spring-boot-starter-web-2.2.5.RELEASE.jar" in names
    assert box.fs.exists("/root/.m2/repository/com/company/project/0.0.1-SNAPSHOT/project-0.0.1-SNAPSHOT.jar")
    status, out, _ = box.sh("mkdir -p /w/x && cd /w/x && jar -xf ../target/*.jar && cat BOOT-INF/classes/"
                            "application.properties && jar -tf ../target/project-0.0.1-SNAPSHOT.jar | head -1")
    assert (status, out) == (0, "server.port=8080\nMETA-INF/MANIFEST.MF\n")


def test_mvn_without_a_pom_and_java_code_it_cannot_run():
    box = _box()
    status, out, _ = box.run("mvn", "package", workdir="/")
    assert status == 1 and out.startswith("[INFO] Scanning for projects...\n[ERROR] The goal you specified "
                                          "requires a project to execute but there is no POM in this directory (/).")
    status, out, _ = box.run("mvn", "spring-boot:run", workdir="/w")
    assert status == 1 and "not simulated" in out
