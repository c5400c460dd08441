package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff create}: each kind from flags, from files, dry runs and -o, and the errors that create nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CreateIT {
    private static CliCluster cluster;
    private String ns;

    @BeforeAll
    static void etcd() {
        cluster = new CliCluster();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = CliCluster.uniqueName("create");
        CliRun made = run("create", "namespace", ns);
        assertThat(made.out()).isEqualTo("namespace/" + ns + " created\n");
    }

    private CliRun run(String... args) {
        return cluster.run(args);
    }

    private String get(String... args) {
        List<String> line = new ArrayList<>(List.of("get"));
        line.addAll(List.of(args));
        line.addAll(List.of("-n", ns));
        CliRun r = run(line.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    private void assertAbsent(String kind, String name) {
        assertThat(run("get", kind, name, "-n", ns).exitCode()).as(kind + " " + name + " must not exist").isEqualTo(1);
    }

    @Test
    void createsEachKindFromFlagsAsKubectlDoes(@TempDir Path dir) throws IOException {
        assertThat(run("create", "deployment", "web", "--image", "registry.local/nginx:1.25", "--replicas", "2",
                "--port", "80", "-n", ns).out()).isEqualTo("deployment.apps/web created\n");
        assertThat(get("deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.labels.app} "
                + "{.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} "
                + "{.spec.template.spec.containers[0].ports[0].containerPort}"))
                .isEqualTo("2 web nginx registry.local/nginx:1.25 80");

        assertThat(run("create", "deploy", "sleeper", "-n", ns, "--", "sleep", "3600").exitCode()).isZero();
        assertThat(run("create", "deployment", "habit", "-n", ns, "--command", "--", "sleep", "60").exitCode()).isZero();
        assertThat(get("deploy", "sleeper", "-o", "jsonpath={.spec.template.spec.containers[0].name} "
                + "{.spec.template.spec.containers[0].command}")).isEqualTo("main [\"sleep\",\"3600\"]");
        assertThat(get("deploy", "habit", "-o", "jsonpath={.spec.template.spec.containers[0].command}"))
                .isEqualTo("[\"sleep\",\"60\"]");

        Path file = Files.writeString(dir.resolve("app.properties"), "x=1\n");
        assertThat(run("create", "configmap", "cfg", "-n", ns, "--from-literal", "a=1", "--from-literal", "b=x=y",
                "--from-file", file.toString(), "--from-file", "renamed=" + file).exitCode()).isZero();
        assertThat(get("cm", "cfg", "-o", "jsonpath={.data}"))
                .isEqualTo("{\"a\":\"1\",\"app.properties\":\"x=1\\n\",\"b\":\"x=y\",\"renamed\":\"x=1\\n\"}");

        assertThat(run("create", "secret", "generic", "pw", "-n", ns, "--from-literal", "password=s3cret").out())
                .isEqualTo("secret/pw created\n");
        assertThat(get("secret", "pw", "-o", "jsonpath={.type} {.data.password}"))
                .isEqualTo("Opaque " + Base64.getEncoder().encodeToString("s3cret".getBytes()));
    }

    @Test
    void aDryRunCreatesNothingAndOutputPrintsTheObjects() {
        assertThat(run("create", "deployment", "web", "--image", "nginx", "-n", ns, "--dry-run").out())
                .isEqualTo("deployment.apps/web created (dry run)\n");
        CliRun manifest = run("create", "deployment", "web", "--image", "nginx", "-n", ns, "--dry-run=client", "-o", "yaml");
        assertThat(manifest.out()).startsWith("apiVersion: apps/v1\nkind: Deployment\n").contains("name: web", "image: nginx")
                .doesNotContain("uid:");
        assertThat(run("create", "deployment", "web", "--image", "nginx", "-n", ns, "--dry-run=server").out())
                .isEqualTo("deployment.apps/web created (server dry run)\n");
        assertAbsent("deploy", "web");

        // the server's dry run is the cluster's answer: the namespace must exist, the name must be free
        CliRun nowhere = run("create", "deployment", "web", "--image", "nginx", "-n", ns + "-none", "--dry-run=server");
        assertThat(nowhere.exitCode()).isEqualTo(1);
        assertThat(nowhere.err()).contains("namespaces \"" + ns + "-none\" not found");
        assertThat(run("create", "configmap", "taken", "-n", ns).exitCode()).isZero();
        CliRun taken = run("create", "configmap", "taken", "-n", ns, "--dry-run=server");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).contains("configmaps \"taken\" already exists");

        assertThat(run("create", "configmap", "named", "-n", ns, "-o", "name").out()).isEqualTo("configmap/named\n");
        String uid = run("create", "configmap", "mine", "-n", ns, "-o", "jsonpath={.metadata.uid}").out();
        assertThat(uid).isNotBlank().isEqualTo(get("cm", "mine", "-o", "jsonpath={.metadata.uid}"));
    }

    @Test
    void badInputSaysWhatIsWrongAndCreatesNothing() {
        expectError(run("create", "namespace", ns), "namespaces \"" + ns + "\" already exists");
        expectError(run("create", "deployment", "bare", "-n", ns),
                "give --image IMAGE (for docker nodes) or a command after -- (for process nodes)");
        expectError(run("create", "deployment", "bare", "-n", ns, "--command"), "--command needs the command after --");
        expectError(run("create", "deployment", "bare", "-n", ns, "--image", "x", "--dry-run=bogus"),
                "--dry-run must be none, client or server, not \"bogus\"");
        expectError(run("create", "deployment", "bare", "-n", ns, "--image", "x", "-o", "wide"), "-o wide is a table");
        assertAbsent("deploy", "bare");
        expectError(run("create", "configmap", "c", "-n", ns, "--from-literal", "nokey"), "--from-literal \"nokey\" is not KEY=VALUE");
        expectError(run("create", "configmap", "c", "-n", ns, "--from-file", "/nonexistent/file"), "/nonexistent/file");
        assertAbsent("cm", "c");
        expectError(run("create", "secret", "tls", "t", "-n", ns), "only 'secret generic' is supported, not \"tls\"");
        expectError(run("create", "-n", ns), "create needs -f FILE, or one of: namespace, deployment, configmap, secret generic");
    }

    @Test
    void createFromFilesIsAllOrNothing(@TempDir Path dir) throws IOException {
        Path mixed = Files.writeString(dir.resolve("mixed.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fresh}
                data: {a: "1"}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s}
                """.formatted(ns));
        expectError(run("create", "-f", mixed.toString(), "-n", ns), "namespaces \"" + ns + "\" already exists");
        assertAbsent("cm", "fresh");

        Path two = Files.writeString(dir.resolve("two.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fresh}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: fresh2}
                """);
        CliRun created = run("create", "-f", two.toString(), "-n", ns);
        assertThat(created.out()).as(created.err()).isEqualTo("configmap/fresh created\nconfigmap/fresh2 created\n");
        expectError(run("create", "-f", two.toString(), "-n", ns), "configmaps \"fresh\" already exists");
    }

    private static void expectError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out()).isNotZero();
        assertThat(run.err()).contains(message);
    }
}
