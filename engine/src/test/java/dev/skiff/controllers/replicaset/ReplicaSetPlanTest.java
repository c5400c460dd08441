package dev.skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Condition;
import dev.skiff.api.Container;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodStatus;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** From any starting population, one plan (adopt, release, create, delete) reaches the desired count. */
class ReplicaSetPlanTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final ReplicaSet RS = ReplicaSet.of(
            ObjectMeta.named("default", "web").withUid("rs-uid").withGeneration(3L),
            new ReplicaSetSpec(0, 0, LabelSelector.of(Map.of("app", "web")),
                    new PodTemplateSpec(ObjectMeta.EMPTY.withLabels(Map.of("app", "web")),
                            PodSpec.of(Container.of("c", "img")))));

    /** How a generated pod relates to the ReplicaSet. */
    enum Kind { OWNED, ORPHAN, OWNED_ELSEWHERE, OWNED_NOT_MATCHING, UNRELATED }

    record PodSeed(Kind kind, boolean scheduled, boolean ready, boolean terminating, PodPhase phase, int age) {
    }

    @Property(tries = 400)
    void onePlanConvergesAndASecondDoesNothing(@ForAll @IntRange(min = 0, max = 60) int replicas,
                                               @ForAll("population") List<PodSeed> seeds) {
        ReplicaSet rs = RS.withSpec(new ReplicaSetSpec(replicas, 0, RS.spec().selector(), RS.spec().template()));
        List<Pod> world = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) world.add(pod("p" + i, seeds.get(i)));

        List<Pod> after = applyPlan(rs, world);
        List<Pod> mine = ReplicaSetPlan.claim(rs, after).owned().stream().filter(Pods::active).toList();
        assertThat(mine).hasSize(replicas);
        assertThat(ReplicaSetPlan.claim(rs, after).adopt()).isEmpty();
        assertThat(ReplicaSetPlan.claim(rs, after).release()).isEmpty();
        assertThat(ReplicaSetPlan.change(replicas, mine).none()).isTrue();
        // pods owned by another controller or not matching are never touched
        for (Pod p : world) {
            if (!Pods.controlledBy(p, "rs-uid") && !ReplicaSetPlan.claim(rs, List.of(p)).adopt().contains(p)) {
                assertThat(after).contains(p);
            }
        }
    }

    @Property
    void scaleDownTakesTheLeastUsefulPodsFirst(@ForAll("nonEmpty") List<PodSeed> seeds,
                                               @ForAll @IntRange(min = 1, max = 40) int n) {
        List<Pod> active = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            PodSeed s = seeds.get(i);
            Pod p = pod("p" + i, new PodSeed(Kind.OWNED, s.scheduled(), s.ready(), false, PodPhase.RUNNING, s.age()));
            active.add(p);
        }
        List<Pod> victims = ReplicaSetPlan.victims(active, n);
        List<Pod> kept = active.stream().filter(p -> !victims.contains(p)).toList();
        for (Pod v : victims) {
            for (Pod k : kept) {
                if (Pods.scheduled(v) == Pods.scheduled(k)) {
                    assertThat(Pods.ready(v) && !Pods.ready(k)).as("deleted a ready pod, kept an unready one").isFalse();
                }
                assertThat(Pods.scheduled(v) && !Pods.scheduled(k)).as("deleted a scheduled pod, kept an unscheduled one")
                        .isFalse();
            }
        }
    }

    @Example
    void slowStartBatchesDoubleAndAddUp() {
        assertThat(ReplicaSetPlan.slowStartBatches(10)).containsExactly(1, 2, 4, 3);
        assertThat(ReplicaSetPlan.slowStartBatches(0)).isEmpty();
    }

    /** The store's side of a plan: adoptions and releases rewrite owners, creates add, deletes mark. */
    private static List<Pod> applyPlan(ReplicaSet rs, List<Pod> world) {
        ReplicaSetPlan.Claim claim = ReplicaSetPlan.claim(rs, world);
        List<Pod> out = new ArrayList<>();
        for (Pod p : world) {
            if (claim.adopt().contains(p)) out.add(withOwner(p, OwnerReference.controllerOf(rs)));
            else if (claim.release().contains(p)) out.add(withOwner(p, null));
            else out.add(p);
        }
        List<Pod> active = ReplicaSetPlan.claim(rs, out).owned().stream().filter(Pods::active).toList();
        ReplicaSetPlan.Change change = ReplicaSetPlan.change(rs.spec().replicas(), active);
        out.removeAll(change.delete());
        for (int i = 0; i < change.create(); i++) {
            out.add(ReplicaSetReconciler.newPod(rs).withMetadata(ReplicaSetReconciler.newPod(rs).metadata()
                    .withName("new" + i)));
        }
        return out;
    }

    private static Pod withOwner(Pod p, OwnerReference ref) {
        return p.withMetadata(p.metadata().withOwnerReferences(ref == null ? null : List.of(ref)));
    }

    static Pod pod(String name, PodSeed s) {
        Map<String, String> labels = switch (s.kind()) {
            case OWNED_NOT_MATCHING, UNRELATED -> Map.of("app", "other");
            default -> Map.of("app", "web");
        };
        OwnerReference owner = switch (s.kind()) {
            case OWNED, OWNED_NOT_MATCHING -> OwnerReference.controllerOf(RS);
            case OWNED_ELSEWHERE -> new OwnerReference("apps/v1", "ReplicaSet", "other", "other-uid", true, true);
            default -> null;
        };
        ObjectMeta meta = ObjectMeta.named("default", name).withUid("uid-" + name).withLabels(labels)
                .withCreationTimestamp(NOW.minusSeconds(s.age()))
                .withOwnerReferences(owner == null ? null : List.of(owner));
        if (s.terminating()) meta = meta.withDeletion(NOW, 30L);
        PodSpec spec = PodSpec.of(Container.of("c", "img"));
        if (s.scheduled()) spec = spec.withNodeName("n1");
        boolean ready = s.ready() && s.phase() == PodPhase.RUNNING;
        PodStatus status = new PodStatus(s.phase(), List.of(Condition.of("Ready", ready, null, null,
                NOW.minusSeconds(s.age() / 2))), null, null, null, null, null, null, null, null, null, null);
        return new Pod(null, null, meta, spec, status);
    }

    @Provide
    Arbitrary<List<PodSeed>> population() {
        return seed().list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<PodSeed>> nonEmpty() {
        return seed().list().ofMinSize(1).ofMaxSize(40);
    }

    Arbitrary<PodSeed> seed() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4).map(i -> i == 0),
                Arbitraries.of(PodPhase.PENDING, PodPhase.RUNNING, PodPhase.SUCCEEDED, PodPhase.FAILED),
                Arbitraries.integers().between(0, 1000))
                .as((k, sch, ready, term, phase, age) -> new PodSeed(k, sch, ready, term, phase, age));
    }
}
