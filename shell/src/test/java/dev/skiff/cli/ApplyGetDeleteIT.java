package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.EtcdProcess;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApplyGetDeleteIT {
    private static String server;

    @BeforeAll
    static void etcd() {
        server = EtcdProcess.shared().endpoint().getAuthority();
    }

    private static String file(String name) {
        try {
            return Path.of(ApplyGetDeleteIT.class.getResource("/apply/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void applyCreatesThenConfiguresThenLeavesUnchanged() {
        CliRun first = CliRun.of("apply", "-f", file("web.yaml"), "-n", "default", "--server", server);
        assertThat(CliRun.of("apply", "-f", file("web.yaml"), "-n", "other", "--dry-run=client", "--server", server).exitCode()).isZero();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("deployment.apps/web created\nservice/web created\n");

        CliRun again = CliRun.of("apply", "-f", file("web.yaml"), "--server", server);
        assertThat(again.out()).isEqualTo("deployment.apps/web unchanged\nservice/web unchanged\n");

        CliRun yaml = CliRun.of("get", "deploy", "web", "-o", "yaml", "--server", server);
        assertThat(yaml.exitCode()).isZero();
        assertThat(yaml.out()).contains("kind: Deployment", "replicas: 2", "maxSurge: 25%", "uid: ");

        CliRun table = CliRun.of("get", "deployments", "--server", server);
        assertThat(table.out()).startsWith("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/2     0            0           ");

        CliRun deleted = CliRun.of("delete", "deployment", "web", "--server", server);
        assertThat(deleted.out()).isEqualTo("deployment.apps \"web\" deleted\n");
        CliRun gone = CliRun.of("get", "deploy", "web", "--server", server);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("Error from server: deployments.apps \"web\" not found in namespace default\n");
        CliRun.of("delete", "svc", "web", "--server", server);
    }

    @Test
    void anInvalidDocumentMeansNothingIsApplied() {
        CliRun run = CliRun.of("apply", "-f", file("bad.yaml"), "--server", server);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(
                "bad.yaml:13:3 spec.replicas:",
                "bad.yaml:27:13 spec.template.spec.containers[0].resources.limits[cpu]: \"abc\" is not a quantity",
                "nothing was applied");
        CliRun get = CliRun.of("get", "cm", "fine", "--server", server);
        assertThat(get.exitCode()).isEqualTo(1);
    }

    @Test
    void unknownKindsAndVerbsGetSuggestions() {
        CliRun kind = CliRun.of("get", "deploymnets", "--server", server);
        assertThat(kind.exitCode()).isEqualTo(1);
        assertThat(kind.err()).contains("the server doesn't have a resource type \"deploymnets\" (did you mean deployments?)");
        CliRun verb = CliRun.of("aply");
        assertThat(verb.exitCode()).isEqualTo(1);
        assertThat(verb.err()).contains("Did you mean", "apply");
    }

    @Test
    void anUnreachableServerIsOneLineNamingIt() {
        CliRun run = CliRun.of("get", "pods", "--server", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: cannot reach the store at ");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }
}
