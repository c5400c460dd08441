package dev.skiff.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Container;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which targets a stress picks: the nodes themselves when only nodes are named, else pods. */
class ChaosPlannerTest {

    private static final List<Node> NODES = List.of(Node.of(ObjectMeta.named("n1"), null), Node.of(ObjectMeta.named("n2"), null));
    // the only replica of web runs on n1: stressing n1 must not count as taking it down
    private static final ChaosPlanner.World WORLD = new ChaosPlanner.World(List.of(Pod.of(ObjectMeta.named("apps", "web-1")
            .withLabels(Map.of("app", "web")).withOwnerReferences(List.of(new OwnerReference("apps/v1", "ReplicaSet", "web",
                    "uid-web", true, true))), PodSpec.of(Container.of("c", "i")).withNodeName("n1"))), List.of(), NODES, List.of());

    private static StressChaos stress(ChaosSelector s) {
        return StressChaos.of(ObjectMeta.named("apps", "hot"), new StressChaosSpec(s, ChaosMode.ALL, null, "30s",
                new StressChaosSpec.Stressors(new StressChaosSpec.Cpu(1, 50), null), null));
    }

    @Test
    void aStressOfOnlyNodesTargetsTheNodesAndTakesNoReplicaDown() {
        ChaosPlanner.Plan plan = ChaosPlanner.plan(stress(ChaosSelector.node("n1")), WORLD, new SplittableRandom(1));
        assertThat(plan.refusal()).isEmpty();
        assertThat(plan.targets()).singleElement().satisfies(t -> {
            assertThat(t.ref()).isEqualTo("node/n1");
            assertThat(t.node()).isEqualTo("n1");
        });
        assertThat(ChaosPlanner.targetsNodes(stress(new ChaosSelector(null, null, null, null, null, Map.of("zone", "a")))))
                .isTrue();
    }

    @Test
    void aPartitionOrATotalLossOfEveryReplicaIsRefusedLikeAKillButADelayIsNot() {
        ChaosPlanner.World two = new ChaosPlanner.World(List.of(web("web-1", "n1"), web("web-2", "n2")), List.of(), NODES,
                List.of());
        assertThat(ChaosPlanner.plan(network(NetworkChaosAction.PARTITION, null, null), two, new SplittableRandom(1))
                .refusal()).hasValueSatisfying(r -> assertThat(r).contains("2 of 2 replicas of replicaset/apps/web", "--force"));
        assertThat(ChaosPlanner.plan(network(NetworkChaosAction.LOSS, new NetworkChaosSpec.Loss("100", null), null), two,
                new SplittableRandom(1)).refused()).isTrue();
        assertThat(ChaosPlanner.plan(network(NetworkChaosAction.LOSS, new NetworkChaosSpec.Loss("50", null), null), two,
                new SplittableRandom(1)).refused()).as("half the connections still get through").isFalse();
        assertThat(ChaosPlanner.plan(network(NetworkChaosAction.DELAY, null, new NetworkChaosSpec.Delay("200ms", null, null)),
                two, new SplittableRandom(1)).refused()).isFalse();
    }

    private static NetworkChaos network(NetworkChaosAction action, NetworkChaosSpec.Loss loss, NetworkChaosSpec.Delay delay) {
        return NetworkChaos.of(ObjectMeta.named("apps", "net"), new NetworkChaosSpec(action,
                new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.ALL, null, "30s", null,
                new NetworkChaosSpec.Target(null, null, null, List.of("web")), delay, loss, null, null, null));
    }

    private static Pod web(String name, String node) {
        return Pod.of(ObjectMeta.named("apps", name).withLabels(Map.of("app", "web")).withOwnerReferences(List.of(
                new OwnerReference("apps/v1", "ReplicaSet", "web", "uid-web", true, true))),
                PodSpec.of(Container.of("c", "i")).withNodeName(node));
    }

    @Test
    void aSendingSideIsResolvedIntoSourcePodsWithTheirUidsOrRefusedWhenItPicksNone() {
        Pod client = Pod.of(ObjectMeta.named("apps", "client-1").withLabels(Map.of("app", "client")).withUid("uid-c1"),
                PodSpec.of(Container.of("c", "i")).withNodeName("n2"));
        Pod other = Pod.of(ObjectMeta.named("apps", "batch-1").withLabels(Map.of("app", "batch")).withUid("uid-b1"),
                PodSpec.of(Container.of("c", "i")).withNodeName("n2"));
        ChaosPlanner.World world = new ChaosPlanner.World(List.of(web("web-1", "n1"), web("web-2", "n2"), client, other),
                List.of(), NODES, List.of());
        ChaosPlanner.Plan plan = ChaosPlanner.plan(fromClients("client", ChaosMode.ALL), world, new SplittableRandom(1));
        assertThat(plan.refusal()).as("every web replica, but only for the clients: no --force needed").isEmpty();
        assertThat(plan.sources()).containsExactly(new ChaosSource("apps", "client-1", "n2", "uid-c1"));
        assertThat(plan.targets()).extracting(ChaosTarget::ref).containsExactly("pod/apps/web-1", "pod/apps/web-2");
        assertThat(ChaosPlanner.plan(fromClients("nobody", ChaosMode.ALL), world, new SplittableRandom(1)).refusal())
                .hasValue("no sources: spec.target.selector matches no live pod outside protected namespaces");
        assertThat(ChaosPlanner.plan(network(NetworkChaosAction.DELAY, null, new NetworkChaosSpec.Delay("1s", null, null)),
                world, new SplittableRandom(1)).sources()).as("no sending side: no sources").isEmpty();
    }

    private static NetworkChaos fromClients(String app, ChaosMode mode) {
        return NetworkChaos.of(ObjectMeta.named("apps", "net"), new NetworkChaosSpec(NetworkChaosAction.PARTITION,
                new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.ALL, null, "30s", null,
                new NetworkChaosSpec.Target(new ChaosSelector(null, Map.of("app", app), null, null, null, null), mode, null,
                        List.of("web")), null, null, null, null, null));
    }

    @Test
    void aStressWithAPodSelectorStillTargetsPods() {
        ChaosSelector podsOnN1 = new ChaosSelector(null, Map.of("app", "web"), null, null, List.of("n1"), null);
        ChaosPlanner.Plan plan = ChaosPlanner.plan(stress(podsOnN1), WORLD, new SplittableRandom(1));
        assertThat(plan.targets()).extracting(ChaosTarget::ref).containsExactly("pod/apps/web-1");
        assertThat(plan.refusal()).as("a stressed pod keeps running: no blast radius").isEmpty();
    }
}
