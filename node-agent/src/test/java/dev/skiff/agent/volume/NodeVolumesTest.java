package dev.skiff.agent.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.agent.runtime.Mount;
import dev.skiff.agent.volume.VolumeManager.VolumeException;
import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes on the host, without a runtime: content, modes, type checks, refresh, clean-up. */
class NodeVolumesTest {

    @TempDir
    Path tmp;

    /** The objects a pod's volumes read, held here the way the agent's informer cache holds them. */
    private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final VolumeObjects objects = new VolumeObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(configMaps.get(namespace + "/" + name));
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.get(namespace + "/" + name));
        }
    };

    private NodeVolumes volumes() {
        return new NodeVolumes(tmp.resolve("pods"), objects, Clock.systemUTC());
    }

    static Pod pod(String yaml) {
        var pod = Json.fromYaml(yaml, Pod.class);
        return pod.withMetadata(pod.metadata().withUid(UUID.randomUUID().toString()));
    }

    private void configMap(String name, Map<String, String> data) {
        configMaps.put("default/" + name, ConfigMap.of(ObjectMeta.named("default", name), data));
    }

    private static Path host(Map<String, List<Mount>> mounts, String container, String mountPath) {
        return Path.of(mounts.get(container).stream().filter(m -> m.containerPath().equals(mountPath)).findFirst()
                .orElseThrow().hostPath());
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString(AtomicDir.modeOf(p.toRealPath()));
    }

    @Test
    void configMapKeysBecomeFilesWithTheirModes() throws IOException {
        configMap("app", Map.of("a.conf", "alpha\n", "b.conf", "beta\n"));
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: all, mountPath: /all}, {name: some, mountPath: /some}]}]
                  volumes:
                  - {name: all, configMap: {name: app, defaultMode: 256}}
                  - name: some
                    configMap: {name: app, items: [{key: b.conf, path: sub/beta.txt, mode: 384}]}
                """);
        var mounts = volumes().prepare(pod);
        var all = host(mounts, "c", "/all");
        assertThat(Files.readString(all.resolve("a.conf"))).isEqualTo("alpha\n");
        assertThat(mode(all.resolve("a.conf"))).isEqualTo("400");
        var some = host(mounts, "c", "/some");
        assertThat(Files.readString(some.resolve("sub/beta.txt"))).isEqualTo("beta\n");
        assertThat(mode(some.resolve("sub/beta.txt"))).isEqualTo("600");
        assertThat(some.resolve("a.conf")).doesNotExist();
        assertThat(Files.isSymbolicLink(all.resolve("a.conf"))).as("visible names go through ..data").isTrue();
    }

    @Test
    void secretsAreDecodedWithTheDefaultMode0644() throws IOException {
        secrets.put("default/creds", new Secret(null, null, ObjectMeta.named("default", "creds"), "Opaque",
                Map.of("password", Base64.getEncoder().encodeToString("s3cret".getBytes())), null, null));
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: s, mountPath: /s, readOnly: true}]}]
                  volumes: [{name: s, secret: {secretName: creds}}]
                """);
        var mounts = volumes().prepare(pod);
        assertThat(mounts.get("c").getFirst().readOnly()).isTrue();
        var dir = host(mounts, "c", "/s");
        assertThat(Files.readString(dir.resolve("password"))).isEqualTo("s3cret");
        assertThat(mode(dir.resolve("password"))).isEqualTo("644");
    }

    @Test
    void aMissingConfigMapFailsUnlessOptional() {
        var required = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x}]
                  volumes: [{name: cfg, configMap: {name: nope}}]
                """);
        assertThatThrownBy(() -> volumes().prepare(required)).isInstanceOf(VolumeException.class)
                .hasMessageContaining("volume cfg").hasMessageContaining("configmap default/nope not found")
                .hasMessageContaining("optional");
        var optional = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: cfg, mountPath: /cfg}]}]
                  volumes: [{name: cfg, configMap: {name: nope, optional: true}}]
                """);
        assertThat(host(volumes().prepare(optional), "c", "/cfg")).isDirectory();
    }

    @Test
    void aChangedConfigMapIsSwappedInAtomically() throws IOException {
        configMap("app", Map.of("greeting", "hello", "old", "x"));
        var volumes = volumes();
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: cfg, mountPath: /cfg}]}]
                  volumes: [{name: cfg, configMap: {name: app}}]
                """);
        var dir = host(volumes.prepare(pod), "c", "/cfg");
        var before = Files.readSymbolicLink(dir.resolve(AtomicDir.DATA));
        assertThat(volumes.refresh()).as("nothing changed").isZero();

        configMap("app", Map.of("greeting", "bonjour", "new", "y"));
        assertThat(volumes.refresh()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("greeting"))).isEqualTo("bonjour");
        assertThat(Files.readString(dir.resolve("new"))).isEqualTo("y");
        assertThat(dir.resolve("old")).doesNotExist();
        assertThat(Files.readSymbolicLink(dir.resolve(AtomicDir.DATA))).isNotEqualTo(before);
        assertThat(dir.resolve(before)).as("the old generation is removed").doesNotExist();
    }

    @Test
    void emptyDirIsPerPodAndRemovedWithThePod() throws IOException {
        var volumes = volumes();
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers:
                  - {name: a, image: x, volumeMounts: [{name: scratch, mountPath: /scratch}]}
                  - {name: b, image: x, volumeMounts: [{name: scratch, mountPath: /data, subPath: part}]}
                  volumes: [{name: scratch, emptyDir: {}}]
                """);
        var mounts = volumes.prepare(pod);
        var dir = host(mounts, "a", "/scratch");
        assertThat(dir).isDirectory().startsWith(tmp.resolve("pods").resolve(pod.metadata().uid()));
        assertThat(host(mounts, "b", "/data")).isEqualTo(dir.resolve("part").toRealPath());
        Files.writeString(dir.resolve("f"), "x");
        assertThat(volumes.prepare(pod)).as("prepare is idempotent").isEqualTo(mounts);
        assertThat(dir.resolve("f")).exists();

        volumes.release(pod.metadata().uid());
        assertThat(dir).doesNotExist();
        volumes.release(pod.metadata().uid()); // twice is fine
    }

    @Test
    void hostPathTypesAreChecked() throws IOException {
        var existingFile = Files.writeString(tmp.resolve("file"), "f");
        var volumes = volumes();
        assertThat(hostPathMount(volumes, tmp.resolve("made/dir"), "DirectoryOrCreate")).isDirectory();
        assertThat(mode(tmp.resolve("made/dir"))).isEqualTo("755");
        assertThat(hostPathMount(volumes, tmp.resolve("newfile"), "FileOrCreate")).isRegularFile();
        assertThat(hostPathMount(volumes, existingFile, "File")).isEqualTo(existingFile);
        assertThat(hostPathMount(volumes, tmp, "Directory")).isEqualTo(tmp);
        assertThat(hostPathMount(volumes, tmp.resolve("anything"), null)).isEqualTo(tmp.resolve("anything"));

        assertThatThrownBy(() -> hostPathMount(volumes, tmp.resolve("missing"), "Directory"))
                .hasMessageContaining("does not exist").hasMessageContaining("DirectoryOrCreate");
        assertThatThrownBy(() -> hostPathMount(volumes, tmp, "File")).hasMessageContaining("is not a file");
        assertThatThrownBy(() -> hostPathMount(volumes, existingFile, "Socket")).hasMessageContaining("is not a UNIX socket");
        assertThatThrownBy(() -> hostPathMount(volumes, tmp.resolve("no/dir/f"), "FileOrCreate"))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> hostPathMount(volumes, tmp, "Dir")).hasMessageContaining("unknown hostPath.type Dir");
    }

    @Test
    void gitRepoIsClonedAtItsRevisionBeforeContainersStart() throws Exception {
        var repo = Files.createDirectories(tmp.resolve("src/site"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("index.html"), "v1\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1");
        var first = git(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve("index.html"), "v2\n");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "v2");
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: head, mountPath: /head}, {name: old, mountPath: /old}]}]
                  volumes:
                  - {name: head, gitRepo: {repository: "%s"}}
                  - {name: old, gitRepo: {repository: "%s", revision: "%s", directory: "."}}
                """.formatted(repo, repo, first));
        var mounts = volumes().prepare(pod);
        assertThat(Files.readString(host(mounts, "c", "/head").resolve("site/index.html"))).isEqualTo("v2\n");
        assertThat(Files.readString(host(mounts, "c", "/old").resolve("index.html"))).isEqualTo("v1\n");

        var bad = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x}]
                  volumes: [{name: g, gitRepo: {repository: "%s"}}]
                """.formatted(tmp.resolve("no-such-repo")));
        assertThatThrownBy(() -> volumes().prepare(bad)).isInstanceOf(VolumeException.class)
                .hasMessageContaining("volume g").hasMessageContaining("git clone");
    }

    @Test
    void nfsFailsClearlyWhenTheNodeCannotMountIt() {
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x}]
                  volumes: [{name: share, nfs: {server: 127.0.0.1, path: /exports/none}}]
                """);
        // this machine has no mount.nfs (nfs-common) or the export does not exist: either way a clear failure
        assertThatThrownBy(() -> volumes().prepare(pod)).isInstanceOf(VolumeException.class)
                .hasMessageContaining("volume share").hasMessageContaining("127.0.0.1");
    }

    @Test
    void aMountOfAnUndeclaredVolumeIsRefused() {
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: ghost, mountPath: /g}]}]
                """);
        assertThatThrownBy(() -> volumes().prepare(pod)).hasMessageContaining("ghost").hasMessageContaining("spec.volumes");
    }

    private static Path hostPathMount(NodeVolumes volumes, Path path, String type) {
        var pod = pod("""
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: c, image: x, volumeMounts: [{name: h, mountPath: /h}]}]
                  volumes: [{name: h, hostPath: {path: "%s"%s}}]
                """.formatted(path, type == null ? "" : ", type: " + type));
        return host(volumes.prepare(pod), "c", "/h");
    }

    private static String git(Path dir, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
