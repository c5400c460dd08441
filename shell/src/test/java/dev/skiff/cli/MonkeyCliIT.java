package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Deployment;
import dev.skiff.api.Pod;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.monkey.ChaosMonkey;
import dev.skiff.chaos.monkey.MonkeyAction;
import dev.skiff.chaos.monkey.MonkeyLabels;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.shell.ClusterCache;
import dev.skiff.shell.Notices;
import dev.skiff.store.EtcdProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** skiff chaos monkey … against real etcd and an in-process engine with hollow nodes. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MonkeyCliIT {

    @Test
    void startStatusNoticesAndHaltInDryRun() {
        try (EtcdProcess etcd = EtcdProcess.start();
             WorkloadCluster c = WorkloadCluster.start(etcd.endpoint(), "monkeycli")) {
            String server = etcd.endpoint().getAuthority();
            c.node("n1");
            c.deployment("web", 3, "web:1", null, null, null, null);
            c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
            Map<String, String> uids = c.pods("web").stream().collect(Collectors.toMap(Pod::name, p -> p.metadata().uid()));
            c.client.modify(Deployment.class, c.ns, "web", d -> {
                Map<String, String> labels = new HashMap<>(d.metadata().labelsOrEmpty());
                labels.putAll(Map.of(MonkeyLabels.ENABLED, "true", MonkeyLabels.MTBF, "2s",
                        MonkeyLabels.KILL_MODE, "fixed", MonkeyLabels.KILL_VALUE, "2"));
                return d.withMetadata(d.metadata().withLabels(labels));
            });
            List<String> notices = new CopyOnWriteArrayList<>();
            try (ClusterCache cache = new ClusterCache(c.client)) {
                new Notices(notices::add, Clock.systemUTC()).watch(cache);

                CliRun start = CliRun.of("chaos", "monkey", "start", "--window", "00:00-24:00", "--days", "Mon-Sun",
                        "--timezone", "UTC", "-n", c.ns, "--server", server);
                assertThat(start.exitCode()).as(start.err()).isZero();
                assertThat(start.out()).contains("chaos monkey started in dry run", "00:00-24:00 Mon,Tue,Wed,Thu,Fri,Sat,Sun UTC",
                        "1 workload(s) opted in");

                await().atMost(40, TimeUnit.SECONDS).until(() -> notices.stream().anyMatch(n -> n.contains("MonkeyDryRun")));
                assertThat(notices).anySatisfy(n -> assertThat(n).contains("deployment/" + c.ns + "/web", "would kill pod web-"));

                CliRun status = CliRun.of("chaos", "monkey", "status", "--server", server);
                assertThat(status.exitCode()).as(status.err()).isZero();
                assertThat(status.out()).contains("monkey:     running (dry run)", "schedule:   00:00-24:00", "(open now)",
                        "namespaces: " + c.ns, "WORKLOAD", "NEXT KILL", "deployment/" + c.ns + "/web", "2s", "fixed 2",
                        "RESULT", MonkeyAction.DRY_RUN, "would kill pod web-");
            }

            CliRun halt = CliRun.of("chaos", "halt", "--server", server);
            assertThat(halt.exitCode()).as(halt.err()).isZero();
            assertThat(halt.out()).contains("chaos monkey stopped");
            CliRun stopped = CliRun.of("chaos", "monkey", "status", "--server", server);
            assertThat(stopped.out()).contains("monkey:     stopped");
            assertThat(CliRun.of("chaos", "monkey", "stop", "--server", server).out()).contains("was not running");

            assertThat(c.client.list(PodChaos.class, c.ns).items()).as("dry run: no fault").isEmpty();
            assertThat(c.pods("web").stream().collect(Collectors.toMap(Pod::name, p -> p.metadata().uid())))
                    .as("dry run: the same pods").isEqualTo(uids);
            assertThat(c.client.require(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME).specOrDefault().pausedOrDefault()).isTrue();
        }
    }

    @Test
    void wrongFlagsSayWhichFlagAndHowToFixIt() {
        CliRun bad = CliRun.of("chaos", "monkey", "start", "--window", "17:00-09:00", "--timezone", "Mars/Base",
                "--server", "127.0.0.1:1");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--window: \"17:00-09:00\" ends before it starts", "--timezone: \"Mars/Base\" is not a time zone");
        CliRun day = CliRun.of("chaos", "monkey", "start", "--days", "Mon-Funday", "--server", "127.0.0.1:1");
        assertThat(day.err()).contains("--days: \"Funday\" is not a day");
        assertThat(MonkeyCommands.days("Fri-Mon,Wed")).containsExactly("Fri", "Sat", "Sun", "Mon", "Wed");
    }
}
