package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Container;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentSpec;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceRequirements;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.testing.HollowNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The verbs that need only a store (no controllers): get -w / several kinds, delete, set image, edit, drain, top. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VerbsIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static String server;
    private static Store store;
    private static Client client;
    private String ns;

    @BeforeAll
    static void etcd() {
        EtcdProcess etcd = EtcdProcess.shared();
        server = etcd.endpoint().getAuthority();
        store = EtcdStore.connect(etcd.config());
        client = new Client(store, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @AfterEach
    void restoreEditor() {
        Editor.environment = System::getenv;
    }

    private String namespace() {
        ns = "verbs-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        return ns;
    }

    private CliRun run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--server", server))
                .toArray(String[]::new);
        return CliRun.of(all);
    }

    private ConfigMap cm(String name, Map<String, String> labels) {
        return client.create(new ConfigMap(null, null, ObjectMeta.named(ns, name).withLabels(labels), Map.of("k", "v"), null, null));
    }

    private Deployment deployment(String name) {
        PodTemplateSpec t = new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", name)),
                PodSpec.of(Container.of("app", "web:1"), Container.of("sidecar", "log:1")));
        return client.create(Deployment.of(ObjectMeta.named(ns, name),
                new DeploymentSpec(2, LabelSelector.of(Map.of("app", name)), t, null, null, null, null, null)));
    }

    @Test
    void getSeveralKindsAndAllPrefixNamesPerKind() {
        namespace();
        deployment("web");
        cm("settings", Map.of());
        CliRun two = run("get", "deploy,cm", "-n", ns);
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.out()).contains("deployment.apps/web", "configmap/settings", "\n\nNAME");
        assertThat(two.out()).startsWith("NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n");
        CliRun all = run("get", "all", "-n", ns);
        assertThat(all.out()).contains("deployment.apps/web").doesNotContain("configmap/");
        CliRun names = run("get", "deploy,cm", "-n", ns, "-o", "name");
        assertThat(names.out()).isEqualTo("deployment.apps/web\nconfigmap/settings\n");
        assertThat(run("get", "deploy,cm", "web", "-n", ns).exitCode()).isEqualTo(1);
    }

    @Test
    void getWatchPrintsARowPerChangeUntilInterrupted() throws Exception {
        namespace();
        cm("first", Map.of());
        StringWriter out = new StringWriter();
        CommandLine cl = SkiffCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread watch = Thread.ofVirtual().start(() -> code.set(cl.execute("get", "cm", "-n", ns, "-w", "--server", server)));
        await().atMost(20, TimeUnit.SECONDS).until(() -> out.toString().contains("first"));
        cm("other", Map.of());
        client.delete(ConfigMap.class, ns, "first");
        await().atMost(20, TimeUnit.SECONDS).until(() -> out.toString().contains("other"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> out.toString().split("first", -1).length == 3);
        watch.interrupt();
        watch.join(10_000);
        assertThat(watch.isAlive()).isFalse();
        assertThat(code.get()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("NAME");
        assertThat(lines).hasSize(4); // header, first, other, first (deleted)
        assertThat(lines.get(2).indexOf("1 ")).isEqualTo(lines.get(1).indexOf("1 ")); // a row as wide as the listing's lines up under it
    }

    @Test
    void watchOnlyPrintsOnlyChanges() throws Exception {
        namespace();
        cm("old", Map.of());
        StringWriter out = new StringWriter();
        CommandLine cl = SkiffCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        Thread watch = Thread.ofVirtual().start(() -> cl.execute("get", "cm", "-n", ns, "--watch-only", "--server", server));
        Thread.sleep(1000);
        cm("new", Map.of());
        await().atMost(20, TimeUnit.SECONDS).until(() -> out.toString().contains("new"));
        watch.interrupt();
        watch.join(10_000);
        assertThat(out.toString()).startsWith("NAME").doesNotContain("old");
    }

    @Test
    void deleteBySelectorAllFileAndWait(@TempDir Path dir) throws Exception {
        namespace();
        cm("a", Map.of("tier", "web"));
        cm("b", Map.of("tier", "web"));
        cm("c", Map.of("tier", "db"));
        CliRun bySel = run("delete", "cm", "-l", "tier=web", "-n", ns, "--wait");
        assertThat(bySel.exitCode()).as(bySel.err()).isZero();
        assertThat(bySel.out()).isEqualTo("configmap \"a\" deleted\nconfigmap \"b\" deleted\n");
        assertThat(client.list(ConfigMap.class, ns).items()).extracting(ConfigMap::name).containsExactly("c");

        CliRun none = run("delete", "cm", "-l", "tier=nothing", "-n", ns);
        assertThat(none.exitCode()).isZero();
        assertThat(none.err()).isEqualTo("No resources found\n");

        cm("d", Map.of());
        assertThat(run("delete", "cm", "--all", "-n", ns, "--now").out()).contains("\"c\" deleted", "\"d\" deleted");
        assertThat(client.list(ConfigMap.class, ns).items()).isEmpty();

        cm("from-file", Map.of());
        Path file = dir.resolve("cm.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  k: v\n");
        CliRun byFile = run("delete", "-f", file.toString(), "-n", ns);
        assertThat(byFile.out()).isEqualTo("configmap \"from-file\" deleted\n");
        CliRun again = run("delete", "-f", file.toString(), "-n", ns);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("NotFound", "from-file");
        assertThat(run("delete", "cm", "-n", ns).err()).contains("name the configmap(s) too");
    }

    @Test
    void setImageChangesNamedContainersOnly() {
        namespace();
        deployment("web");
        CliRun set = run("set", "image", "deploy/web", "app=web:2", "-n", ns);
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("deployment.apps/web image updated\n");
        List<Container> cs = client.require(Deployment.class, ns, "web").spec().template().spec().containers();
        assertThat(cs).extracting(Container::image).containsExactly("web:2", "log:1");
        CliRun unknown = run("set", "image", "deploy/web", "nope=x:1", "-n", ns);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unable to find container named \"nope\"", "app, sidecar");
        assertThat(run("set", "image", "deploy/web", "*=all:3", "-n", ns).exitCode()).isZero();
        assertThat(client.require(Deployment.class, ns, "web").spec().template().spec().containers())
                .extracting(Container::image).containsExactly("all:3", "all:3");
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    @Test
    void editSavesValidChangesAndReopensWithErrors(@TempDir Path dir) throws Exception {
        namespace();
        cm("conf", Map.of());
        // first save: an invalid label value; second: the header shows the error, so fix it
        Path editor = script(dir, "ed.sh", """
                n=$(cat "%1$s/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "%1$s/count"
                cp "$1" "%1$s/seen-$n"
                if [ $n = 1 ]; then sed -i 's/^  k: v$/  k: edited/; s/^  name: conf$/  name: conf\\n  labels:\\n    bad: "a b"/' "$1"
                else sed -i 's/bad: "a b"/good: yes-it-is/' "$1"; fi
                """.formatted(dir));
        Editor.environment = k -> k.equals("EDITOR") ? editor.toString() : null;
        CliRun edit = run("edit", "cm", "conf", "-n", ns);
        assertThat(edit.exitCode()).as(edit.err()).isZero();
        assertThat(edit.out()).isEqualTo("configmap/conf edited\n");
        assertThat(Files.readString(dir.resolve("seen-1"))).startsWith("# Please edit the object below.");
        assertThat(Files.readString(dir.resolve("seen-2"))).contains("# configmap/conf was not valid:", "# * ", "metadata.labels");
        ConfigMap after = client.require(ConfigMap.class, ns, "conf");
        assertThat(after.metadata().labels()).containsEntry("good", "yes-it-is");
        assertThat(after.data()).containsEntry("k", "edited");

        Editor.environment = k -> k.equals("EDITOR") ? "true" : null;
        CliRun unchanged = run("edit", "configmap/conf", "-n", ns);
        assertThat(unchanged.out()).isEqualTo("Edit cancelled, no changes made.\n");
    }

    @Test
    void editReplaysTheChangeWhenTheObjectChangedMeanwhile(@TempDir Path dir) throws Exception {
        namespace();
        cm("conf", Map.of());
        Path editing = dir.resolve("editing");
        Path go = dir.resolve("go");
        // the "user" takes a while; meanwhile someone else labels the object
        Path editor = script(dir, "slow.sh", """
                touch "%s"; while [ ! -f "%s" ]; do sleep 0.1; done
                sed -i 's/^  k: v$/  k: mine/' "$1"
                """.formatted(editing, go));
        Editor.environment = k -> k.equals("EDITOR") ? editor.toString() : null;
        CliRun[] result = new CliRun[1];
        Thread edit = Thread.ofVirtual().start(() -> result[0] = run("edit", "cm", "conf", "-n", ns));
        await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(editing));
        client.modify(ConfigMap.class, ns, "conf", c -> c.withMetadata(c.metadata().withLabels(Map.of("other", "writer"))));
        Files.writeString(go, "");
        edit.join(30_000);
        assertThat(result[0].exitCode()).as(result[0].err()).isZero();
        ConfigMap after = client.require(ConfigMap.class, ns, "conf");
        assertThat(after.data()).containsEntry("k", "mine");
        assertThat(after.metadata().labels()).containsEntry("other", "writer");
    }

    private Pod pod(String name, String node, boolean controlled, String cpu, String memory) {
        ObjectMeta m = ObjectMeta.named(ns, name);
        if (controlled) {
            m = m.withOwnerReferences(List.of(new OwnerReference("apps/v1", "ReplicaSet", "web-1", "uid-web-1", true, true)));
        }
        Container c = Container.of("app", "img:1").withResources(new ResourceRequirements(
                Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse(memory)),
                Map.of("cpu", Quantity.parse(cpu), "memory", Quantity.parse(memory))));
        return client.create(new Pod(null, null, m, PodSpec.of(c).withNodeName(node), null));
    }

    @Test
    void drainRefusesBarePodsWithoutForceThenEvictsAndWaits() {
        namespace();
        try (HollowNode node = HollowNode.start(store, ns + "-n1", "4", "8Gi", Map.of())) {
            pod("web-a", node.name(), true, "500m", "256Mi");
            pod("bare", node.name(), false, "500m", "256Mi");
            CliRun refused = run("drain", node.name(), "--timeout", "30s");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.out()).contains("node/" + node.name() + " cordoned");
            assertThat(refused.err()).contains("cannot delete Pods that declare no controller (use --force to override): " + ns + "/bare");
            assertThat(client.list(Pod.class, ns).items()).hasSize(2);

            CliRun top = run("top", "nodes", node.name(), "--allocated");
            assertThat(top.out()).contains("CPU(requests)", "MEMORY(requests)", "1000m", "25%", "512Mi", "6%");
            CliRun topPods = run("top", "pods", "-n", ns, "--allocated");
            assertThat(topPods.out()).contains("web-a", "500m", "256Mi", node.name());

            CliRun drained = run("drain", node.name(), "--force", "--grace-period", "0", "--timeout", "30s");
            assertThat(drained.exitCode()).as(drained.err()).isZero();
            assertThat(drained.out()).contains("already cordoned", "evicting pod " + ns + "/web-a", "pod/bare evicted",
                    "node/" + node.name() + " drained");
            assertThat(client.list(Pod.class, ns).items()).isEmpty();
        }
    }
}
