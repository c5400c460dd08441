package dev.skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.IntOrString;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A rolling update, simulated over arbitrary interleavings of the Deployment controller's steps,
 * ReplicaSet controllers adding or removing one pod, and pods turning available: at every state
 * the pod count stays ≤ replicas + maxSurge and availability ≥ replicas − maxUnavailable, and a
 * fair schedule afterwards always finishes the rollout.
 */
class RolloutMathTest {

    /** A ReplicaSet in the model: its spec and its pods (true = available). */
    static final class Rs {
        int spec;
        final List<Boolean> pods = new ArrayList<>();

        Rs(int spec, int availablePods) {
            this.spec = spec;
            for (int i = 0; i < availablePods; i++) pods.add(true);
        }

        int available() {
            return (int) pods.stream().filter(b -> b).count();
        }

        RolloutMath.Set view() {
            return new RolloutMath.Set(spec, pods.size(), available());
        }

        /** What a ReplicaSet controller does in one step: one pod towards spec, unavailable ones first. */
        boolean converge() {
            if (pods.size() < spec) {
                pods.add(false);
                return true;
            }
            if (pods.size() > spec) {
                int i = pods.indexOf(false);
                pods.remove(i >= 0 ? i : pods.size() - 1);
                return true;
            }
            return false;
        }

        boolean becomeAvailable() {
            int i = pods.indexOf(false);
            if (i < 0) return false;
            pods.set(i, true);
            return true;
        }
    }

    record World(int replicas, RolloutMath.Bounds bounds, List<Rs> old, Rs fresh) {
        int pods() {
            return fresh.pods.size() + old.stream().mapToInt(r -> r.pods.size()).sum();
        }

        int available() {
            return fresh.available() + old.stream().mapToInt(Rs::available).sum();
        }

        boolean deploymentStep() {
            List<RolloutMath.Set> olds = old.stream().map(Rs::view).toList();
            int next = RolloutMath.newReplicaSetSize(replicas, bounds, fresh.view(), olds);
            if (next != fresh.spec) {
                fresh.spec = next;
                return true;
            }
            List<Integer> sizes = RolloutMath.oldReplicaSetSizes(replicas, bounds, fresh.view(), olds);
            boolean changed = false;
            for (int i = 0; i < old.size(); i++) {
                changed |= old.get(i).spec != sizes.get(i);
                old.get(i).spec = sizes.get(i);
            }
            return changed;
        }

        boolean done() {
            return fresh.spec == replicas && fresh.available() == replicas && fresh.pods.size() == replicas
                    && old.stream().allMatch(r -> r.spec == 0 && r.pods.isEmpty());
        }

        void checkBounds() {
            assertThat(pods()).as("pods").isLessThanOrEqualTo(replicas + bounds.maxSurge());
            assertThat(available()).as("available").isGreaterThanOrEqualTo(replicas - bounds.maxUnavailable());
        }
    }

    @Property(tries = 500)
    void rollingUpdateStaysWithinBoundsAndFinishes(@ForAll @IntRange(min = 0, max = 40) int replicas,
                                                   @ForAll("bound") IntOrString surge,
                                                   @ForAll("bound") IntOrString unavailable,
                                                   @ForAll @IntRange(min = 1, max = 3) int oldSets,
                                                   @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 9) Integer> schedule) {
        RolloutMath.Bounds bounds = RolloutMath.bounds(replicas, surge, unavailable);
        World w = steadyWorld(replicas, bounds, oldSets);
        w.checkBounds();
        for (int choice : schedule) {
            act(w, choice);
            w.checkBounds();
        }
        for (int round = 0; round < 10 * (replicas + 5) && !w.done(); round++) {
            w.deploymentStep();
            w.checkBounds();
            for (Rs r : all(w)) {
                while (r.converge()) w.checkBounds();
            }
            for (Rs r : all(w)) {
                while (r.becomeAvailable()) w.checkBounds();
            }
        }
        assertThat(w.done()).as("rollout finished").isTrue();
    }

    @Example
    void kubernetesRounding() {
        assertThat(RolloutMath.bounds(10, IntOrString.of("25%"), IntOrString.of("25%")))
                .isEqualTo(new RolloutMath.Bounds(3, 2));
        assertThat(RolloutMath.bounds(3, IntOrString.of(0), IntOrString.of("0%")))
                .isEqualTo(new RolloutMath.Bounds(0, 1));
    }

    @Property
    void proportionalScalingKeepsTheTotalAndNeverGoesNegative(
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 50) Integer> sizes,
            @ForAll @IntRange(min = -100, max = 100) int delta) {
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        List<Integer> out = RolloutMath.proportional(sizes, delta);
        assertThat(out).allMatch(v -> v >= 0);
        assertThat(out.stream().mapToInt(Integer::intValue).sum()).isEqualTo(Math.max(0, total + delta));
    }

    private static void act(World w, int choice) {
        List<Rs> all = all(w);
        Rs target = all.get(choice % all.size());
        if (choice < 3) {
            w.deploymentStep();
        } else if (choice < 7) {
            target.converge();
        } else {
            target.becomeAvailable();
        }
    }

    private static List<Rs> all(World w) {
        List<Rs> all = new ArrayList<>(w.old());
        all.add(w.fresh());
        return all;
    }

    /** Before the template change: replicas split over old sets, all available. */
    private static World steadyWorld(int replicas, RolloutMath.Bounds bounds, int oldSets) {
        List<Rs> old = new ArrayList<>();
        int left = replicas;
        for (int i = 0; i < oldSets; i++) {
            int size = i == oldSets - 1 ? left : left / 2;
            old.add(new Rs(size, size));
            left -= size;
        }
        return new World(replicas, bounds, old, new Rs(0, 0));
    }

    @Provide
    Arbitrary<IntOrString> bound() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 5).map(IntOrString::of),
                Arbitraries.integers().between(0, 100).map(p -> IntOrString.of(p + "%")));
    }
}
