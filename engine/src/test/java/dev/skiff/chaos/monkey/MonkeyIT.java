package dev.skiff.chaos.monkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.Deployment;
import dev.skiff.api.Event;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.client.ApiException;
import dev.skiff.controllers.WorkloadCluster;
import dev.skiff.store.EtcdProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The monkey in a real engine on real etcd with hollow nodes (issue 9's proof: dry run changes nothing). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MonkeyIT {

    static final List<String> ALL_DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
    private static EtcdProcess etcd;
    private WorkloadCluster cluster;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @AfterEach
    void removeTheMonkey() {
        if (cluster == null) return;
        try {
            cluster.client.delete(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME);
        } catch (ApiException.NotFound none) {
            // this test made none
        } finally {
            cluster.close();
        }
    }

    private WorkloadCluster start(String app, int replicas) {
        cluster = WorkloadCluster.start(etcd.endpoint(), "monkey");
        cluster.node("n1");
        cluster.node("n2");
        cluster.deployment(app, replicas, app + ":1", null, null, null, null);
        cluster.awaitRolledOut(app, app + ":1", replicas, Duration.ofSeconds(60));
        return cluster;
    }

    static MonkeySpec always(String ns, Boolean dryRun) {
        return new MonkeySpec(dryRun, new MonkeySchedule("00:00-24:00", ALL_DAYS, "UTC"),
                new MonkeyNamespaces(List.of(ns), null), null);
    }

    static void enroll(WorkloadCluster c, String app, String mtbf, String mode, String value, boolean force) {
        c.client.modify(Deployment.class, c.ns, app, d -> {
            Map<String, String> labels = new HashMap<>(d.metadata().labelsOrEmpty());
            labels.put(MonkeyLabels.ENABLED, "true");
            labels.put(MonkeyLabels.MTBF, mtbf);
            labels.put(MonkeyLabels.KILL_MODE, mode);
            if (value != null) labels.put(MonkeyLabels.KILL_VALUE, value);
            if (force) labels.put(MonkeyLabels.FORCE, "true");
            return d.withMetadata(d.metadata().withLabels(labels));
        });
    }

    private MonkeyStatus status() {
        return cluster.client.require(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME).statusOrNew();
    }

    private List<MonkeyAction> actions(String app, String result) {
        String w = "deployment/" + cluster.ns + "/" + app;
        return status().actions().stream().filter(a -> a.workload().equals(w) && a.result().equals(result)).toList();
    }

    private List<Event> events(String reason) {
        return cluster.client.list(Event.class, cluster.ns).items().stream().filter(e -> reason.equals(e.reason())).toList();
    }

    private static Map<String, String> uids(List<Pod> pods) {
        return pods.stream().collect(Collectors.toMap(Pod::name, p -> p.metadata().uid()));
    }

    @Test
    void inDryRunTheMonkeyChangesNothingAndRecordsWhatItWouldHaveDone() {
        WorkloadCluster c = start("web", 3);
        Map<String, String> before = uids(c.pods("web"));
        enroll(c, "web", "1s", "fixed", "2", false);
        c.client.create(ChaosMonkey.of(always(c.ns, null))); // dryRun left out: dry run is the default

        await().atMost(30, TimeUnit.SECONDS).until(() -> actions("web", MonkeyAction.DRY_RUN).size() >= 3
                && events("MonkeyDryRun").size() >= 3);

        MonkeyStatus s = status();
        assertThat(s.running()).isTrue();
        assertThat(s.lastDecision()).contains("deployment/" + c.ns + "/web: would kill", "dry run");
        assertThat(s.plans()).singleElement().satisfies(p -> {
            assertThat(p.workload()).isEqualTo("deployment/" + c.ns + "/web");
            assertThat(p.at()).isAfter(Instant.now().minusSeconds(5));
            assertThat(p.mode()).isEqualTo("fixed 2");
        });
        assertThat(actions("web", MonkeyAction.DRY_RUN)).allSatisfy(a -> {
            assertThat(a.pods()).hasSize(2).allMatch(before::containsKey);
            assertThat(a.dryRun()).isTrue();
        });
        assertThat(events("MonkeyDryRun")).allSatisfy(e -> {
            assertThat(e.involvedObject().kind()).isEqualTo("Deployment");
            assertThat(e.involvedObject().name()).isEqualTo("web");
            assertThat(e.message()).contains("would kill pod web-", "nothing changed");
        });
        assertThat(c.client.list(PodChaos.class, c.ns).items()).as("a dry run creates no fault").isEmpty();
        assertThat(uids(c.pods("web"))).as("the same pods, not replacements").isEqualTo(before);
    }

    @Test
    void liveTheMonkeyKillsPerModeWithinTheBlastRadiusTheReplicasComeBackAndStopStopsIt() {
        WorkloadCluster c = start("web", 3);
        c.deployment("api", 2, "api:1", null, null, null, null);
        c.awaitRolledOut("api", "api:1", 2, Duration.ofSeconds(60));
        enroll(c, "web", "2s", "fixed-percent", "67", false); // floor(3 × 0.67) = 2
        enroll(c, "api", "2s", "kill-all", null, true);        // all, allowed past the blast radius by force
        c.client.create(ChaosMonkey.of(always(c.ns, false)));

        await().atMost(60, TimeUnit.SECONDS).until(() -> !actions("web", MonkeyAction.KILLED).isEmpty()
                && !actions("api", MonkeyAction.KILLED).isEmpty());
        stop(c);

        MonkeyAction web = actions("web", MonkeyAction.KILLED).getFirst();
        MonkeyAction api = actions("api", MonkeyAction.KILLED).getFirst();
        assertThat(web.pods()).hasSize(2);
        assertThat(api.pods()).hasSize(2);
        for (MonkeyAction a : List.of(web, api)) {
            PodChaos f = await().atMost(30, TimeUnit.SECONDS).until(() -> c.client.require(PodChaos.class, c.ns, a.fault()),
                    x -> x.statusOrNew().ended());
            assertThat(f.status().phase()).isEqualTo(ChaosPhase.FINISHED);
            assertThat(f.status().targets()).extracting(ChaosTarget::name).containsExactlyInAnyOrderElementsOf(a.pods());
            assertThat(f.metadata().labelsOrEmpty()).containsEntry(MonkeyLabels.CREATED_BY, "true");
        }
        assertThat(events("MonkeyKill")).isNotEmpty().allSatisfy(e -> assertThat(e.message()).contains("podchaos/monkey-"));
        c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
        c.awaitRolledOut("api", "api:1", 2, Duration.ofSeconds(60));
        assertThat(c.livePods("web")).extracting(Pod::name).doesNotContainAnyElementsOf(web.pods());
    }

    /** Pauses the monkey (what chaos monkey stop and chaos halt write) and checks it acts no more. */
    private void stop(WorkloadCluster c) {
        c.client.modify(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME,
                m -> m.withSpec(m.specOrDefault().withPaused(true)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> Boolean.FALSE.equals(status().running()) && status().plans().isEmpty());
        int decided = status().actions().size();
        sleep(5_000); // mtbf is 2s: a running monkey would have struck again by now
        assertThat(status().actions()).hasSize(decided).noneMatch(MonkeyAction::pending);
        long killed = status().actions().stream().filter(a -> a.result().equals(MonkeyAction.KILLED)).count();
        assertThat(c.client.list(PodChaos.class, c.ns).items()).as("one fault per kill, none for skipped turns: %s", status().actions())
                .hasSize((int) killed);
    }

    @Test
    void anEngineTakingOverFinishesTheWrittenDecisionAndNeverKillsTwice() {
        WorkloadCluster c = start("web", 3);
        enroll(c, "web", "1h", "fixed", "1", false);
        c.client.create(ChaosMonkey.of(always(c.ns, false)));
        await().atMost(20, TimeUnit.SECONDS).until(() -> status().plans().size() == 1);
        MonkeyPlan plan = status().plans().getFirst();
        c.engines().getFirst().close(); // the leader dies...

        // ...after writing its decision and creating the fault, before recording the outcome
        List<String> victims = List.of(c.livePods("web").getFirst().name());
        String fault = MonkeyReconciler.faultName("web", plan);
        MonkeyAction decided = new MonkeyAction(Instant.now(), plan.workload(), "fixed 1", victims, false, fault,
                MonkeyAction.DECIDED, null);
        c.client.modifyStatus(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME,
                m -> m.withStatus(m.statusOrNew().decided(decided, "decided by the old leader")));
        c.client.create(PodChaos.of(ObjectMeta.named(c.ns, fault).withLabels(Map.of(MonkeyLabels.CREATED_BY, "true")),
                new PodChaosSpec(PodChaosAction.POD_KILL, new ChaosSelector(null, null, null, Map.of(c.ns, victims), null, null),
                        ChaosMode.ALL, null, null, null, null, null)));

        c.startEngine(c.store, c.ns + "-standby");
        await().atMost(30, TimeUnit.SECONDS).until(() -> actions("web", MonkeyAction.KILLED).size() == 1);
        assertThat(status().actions()).as("finished, not decided again").hasSize(1);
        assertThat(status().plans()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(plan.id()));
        assertThat(c.client.list(PodChaos.class, c.ns).items()).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo(fault));
        PodChaos done = await().atMost(30, TimeUnit.SECONDS).until(() -> c.client.require(PodChaos.class, c.ns, fault),
                f -> f.statusOrNew().ended());
        assertThat(done.status().targets()).extracting(ChaosTarget::name).containsExactlyElementsOf(victims);
        c.awaitRolledOut("web", "web:1", 3, Duration.ofSeconds(60));
    }

    @Test
    void wrongLabelsBecomeAWarningEventOnTheWorkloadNotACrash() {
        WorkloadCluster c = start("web", 2);
        c.client.create(ChaosMonkey.of(always(c.ns, null)));
        enroll(c, "web", "soon", "fixed", "0", false);
        await().atMost(20, TimeUnit.SECONDS).until(() -> !events("MonkeyLabelsInvalid").isEmpty());
        Event e = events("MonkeyLabelsInvalid").getFirst();
        assertThat(e.type()).isEqualTo("Warning");
        assertThat(e.message()).contains("metadata.labels[chaos.skiff.dev/mtbf]", "metadata.labels[chaos.skiff.dev/kill-value]");
        assertThat(status().plans()).isEmpty();
        enroll(c, "web", "1h", "fixed", "1", false); // fixed: the workload is planned
        await().atMost(20, TimeUnit.SECONDS).until(() -> status().plans().size() == 1);
    }

    @Test
    void aMonkeyOutsideSkiffSystemIsRefusedWithTheFieldPath() {
        cluster = WorkloadCluster.start(etcd.endpoint(), "monkey");
        ChaosMonkey elsewhere = new ChaosMonkey(null, null, ObjectMeta.named(cluster.ns, "monkey"), MonkeySpec.DEFAULT, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.client.create(elsewhere))
                .isInstanceOf(ApiException.class).hasMessageContaining("metadata.namespace");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
