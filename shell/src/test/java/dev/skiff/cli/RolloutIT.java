package dev.skiff.cli;

import static dev.skiff.controllers.WorkloadCluster.rolling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Deployment;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.controllers.deployment.Rollouts;
import dev.skiff.store.EtcdProcess;
import dev.skiff.testing.HollowNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** rollout and set image against a real engine (Deployment and ReplicaSet controllers) with hollow nodes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RolloutIT {
    private static EtcdProcess etcd;
    private static String server;

    @BeforeAll
    static void start() {
        etcd = EtcdProcess.start(); // its own: an engine leads the whole store it runs on
        server = etcd.endpoint().getAuthority();
    }

    @AfterAll
    static void stop() {
        etcd.close();
    }

    private static CliRun run(WorkloadCluster c, String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("-n", c.ns, "--server", server)).toArray(String[]::new);
        return CliRun.of(all);
    }

    @Test
    void statusHistoryUndoPauseResumeRestart() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "rollout")) {
            HollowNode n = c.node("n1");
            c.deployment("web", 2, "web:1", n, rolling(1, 0), null, null);
            CliRun first = run(c, "rollout", "status", "deploy/web", "--timeout", "90s");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).endsWith("deployment \"web\" successfully rolled out\n");

            assertThat(run(c, "set", "image", "deploy/web", "app=web:2").out()).isEqualTo("deployment.apps/web image updated\n");
            CliRun second = run(c, "rollout", "status", "deployment", "web", "--timeout", "90s");
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).endsWith("deployment \"web\" successfully rolled out\n");
            c.awaitRolledOut("web", "web:2", 2, Duration.ofSeconds(60));

            CliRun history = run(c, "rollout", "history", "deploy/web");
            assertThat(history.out()).isEqualTo("deployment.apps/web\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");
            assertThat(run(c, "rollout", "history", "deploy/web", "--revision", "1").out()).contains("image: web:1");

            assertThat(run(c, "rollout", "undo", "deploy/web").out()).isEqualTo("deployment.apps/web rolled back\n");
            c.awaitRolledOut("web", "web:1", 2, Duration.ofSeconds(60));
            CliRun missing = run(c, "rollout", "undo", "deploy/web", "--to-revision", "99");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("has no revision 99", "known revisions: 2, 3");

            assertThat(run(c, "rollout", "pause", "deploy/web").out()).isEqualTo("deployment.apps/web paused\n");
            assertThat(c.get("web").spec().pausedOrFalse()).isTrue();
            assertThat(run(c, "rollout", "resume", "deploy/web").out()).isEqualTo("deployment.apps/web resumed\n");
            assertThat(run(c, "rollout", "restart", "deploy/web").out()).isEqualTo("deployment.apps/web restarted\n");
            Deployment d = c.get("web");
            assertThat(Rollouts.restartedAt(d)).isPresent();
            CliRun third = run(c, "rollout", "status", "deploy/web", "--timeout", "90s");
            assertThat(third.exitCode()).as(third.err()).isZero();

            CliRun notDeploy = run(c, "rollout", "status", "svc/web");
            assertThat(notDeploy.exitCode()).isEqualTo(1);
            assertThat(notDeploy.err()).contains("services have no rollouts");
        }
    }

    @Test
    void statusFailsWhenTheProgressDeadlinePasses() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "stuck")) {
            HollowNode n = c.node("slow");
            n.podsReady(false);
            c.deployment("stuck", 1, "x:1", n, null, null, 2);
            CliRun run = run(c, "rollout", "status", "deploy/stuck", "--timeout", "90s");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: deployment \"stuck\" exceeded its progress deadline\n");
            assertThat(run.out()).contains("Waiting for deployment \"stuck\" rollout to finish: 0 of 1 updated replicas are available...\n");
        }
    }

    @Test
    void statusGivesUpAfterTheTimeout() {
        try (WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "slow")) {
            HollowNode n = c.node("slow");
            n.podsReady(false);
            c.deployment("slow", 1, "x:1", n, null, null, 600);
            CliRun run = run(c, "rollout", "status", "deploy/slow", "--timeout", "2s");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: timed out waiting for the condition\n");
        }
    }
}
