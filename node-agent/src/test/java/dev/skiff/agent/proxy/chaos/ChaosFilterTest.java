package dev.skiff.agent.proxy.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.agent.proxy.Backend;
import dev.skiff.agent.proxy.Fault;
import dev.skiff.agent.proxy.Flow;
import dev.skiff.agent.proxy.Frontend;
import dev.skiff.agent.proxy.PortKey;
import dev.skiff.api.Protocol;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The filter's bookkeeping without sockets: rule swaps, per-connection draws, the token bucket. */
class ChaosFilterTest {

    private static final Flow FLOW = new Flow(new PortKey("default", "web", "", Protocol.TCP),
            new Frontend("127.77.0.1", 80, Protocol.TCP), new InetSocketAddress("127.0.0.1", 40000), new Backend("10.0.0.1", 8080));

    private static NetworkRule reset(String uid, String percent) {
        return new NetworkRule(uid, new NetworkChaosSpec(NetworkChaosAction.RESET, null, null, null, null, null, null, null, null,
                new NetworkChaosSpec.Reset(percent), null, null), Set.of(new InetSocketAddress("10.0.0.1", 8080)), Set.of());
    }

    private static NetworkRule resetFrom(Set<String> sources) {
        NetworkRule r = reset("s", "100");
        return new NetworkRule(r.faultUid(), r.spec(), r.backends(), r.services(), sources);
    }

    @Test
    void aRuleWithASendingSideHitsOnlyItsSourcePodsAndAsksWhoTheClientIsOncePerConnection() {
        java.util.Map<Integer, String> podByPort = java.util.Map.of(40000, "uid-a", 40001, "uid-b");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        ChaosFilter filter = new ChaosFilter(() -> 0.0, (client, protocol) -> {
            asked.incrementAndGet();
            return java.util.Optional.ofNullable(podByPort.get(client.getPort()));
        });
        Flow fromA = FLOW;
        Flow fromB = new Flow(FLOW.service(), FLOW.frontend(), new InetSocketAddress("127.0.0.1", 40001), FLOW.backend());
        Flow fromHost = new Flow(FLOW.service(), FLOW.frontend(), new InetSocketAddress("127.0.0.1", 40002), FLOW.backend());

        filter.update(List.of(reset("plain", "100")));
        assertThat(filter.faultFor(fromB).onConnect(fromB)).isEqualTo(Fault.Action.RESET);
        assertThat(asked).as("no rule with a sending side: nobody is looked up").hasValue(0);

        filter.update(List.of(resetFrom(Set.of("uid-a"))));
        Fault a = filter.faultFor(fromA);
        assertThat(a.idle()).as("it may apply: decided off the event loop").isFalse();
        assertThat(a.onConnect(fromA)).isEqualTo(Fault.Action.RESET);
        assertThat(a.beforeForward(Fault.Direction.TO_BACKEND, 10)).isEqualTo(Fault.Action.RESET);
        assertThat(asked).as("once per connection").hasValue(1);
        Fault b = filter.faultFor(fromB);
        assertThat(b.onConnect(fromB)).as("not a source").isEqualTo(Fault.Action.FORWARD);
        assertThat(b.beforeForward(Fault.Direction.TO_CLIENT, 10)).isEqualTo(Fault.Action.FORWARD);
        assertThat(filter.faultFor(fromHost).onConnect(fromHost)).as("no pod: never widened to it").isEqualTo(Fault.Action.FORWARD);

        filter.update(List.of(resetFrom(Set.of())));
        assertThat(filter.faultFor(fromA).onConnect(fromA)).as("an empty source set hits nobody").isEqualTo(Fault.Action.FORWARD);
    }

    @Test
    void aPartitionFromTheSourcesHoldsOnlyTheirDirection() {
        ChaosFilter filter = new ChaosFilter(() -> 0.0, (client, protocol) -> java.util.Optional.of("uid-a"));
        NetworkRule replies = new NetworkRule("p", new NetworkChaosSpec(NetworkChaosAction.PARTITION, null, null, null, null,
                dev.skiff.chaos.Direction.FROM, null, null, null, null, null, null), Set.of(new InetSocketAddress("10.0.0.1", 8080)),
                Set.of(), Set.of("uid-a"));
        Fault f = filter.faultFor(FLOW);
        filter.update(List.of(replies));
        assertThat(f.beforeForward(Fault.Direction.TO_BACKEND, 10)).as("from: the requests go on").isEqualTo(Fault.Action.FORWARD);
        java.util.concurrent.CompletableFuture<Fault.Action> reply = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> f.beforeForward(Fault.Direction.TO_CLIENT, 10));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> !reply.isDone());
        filter.update(List.of());
        assertThat(reply.join()).as("released when the rule goes").isEqualTo(Fault.Action.FORWARD);
    }

    @Test
    void anInvalidRuleIsRefusedWithItsFaultAndFieldAndNothingChanges() {
        ChaosFilter filter = new ChaosFilter();
        filter.update(List.of(reset("a", "100")));
        NetworkRule bad = new NetworkRule("b", new NetworkChaosSpec(NetworkChaosAction.BANDWIDTH, null, null, null, null, null, null,
                null, null, null, new NetworkChaosSpec.Bandwidth("1 MB/s", null, null), null), Set.of(), Set.of());
        assertThatThrownBy(() -> filter.update(List.of(bad)))
                .isInstanceOf(InvalidNetworkRuleException.class)
                .hasMessageStartingWith("NetworkChaos b: spec.bandwidth.rate: \"1 MB/s\" is not a rate");
        assertThat(filter.rules()).containsExactly(reset("a", "100"));
    }

    @Test
    void aConnectionDrawsOncePerRuleAndAnUnchangedRuleKeepsTheDraw() {
        double[] next = {0.3};
        ChaosFilter filter = new ChaosFilter(() -> next[0]);
        filter.update(List.of(reset("a", "50")));
        Fault f = filter.faultFor(FLOW);
        assertThat(f.onConnect(FLOW)).isEqualTo(Fault.Action.RESET);
        next[0] = 0.9;
        filter.update(List.of(reset("a", "50"))); // the same rule again: same draw
        assertThat(f.beforeForward(Fault.Direction.TO_BACKEND, 10)).isEqualTo(Fault.Action.RESET);
        assertThat(filter.faultFor(FLOW).onConnect(FLOW)).isEqualTo(Fault.Action.FORWARD); // a new connection draws anew
        filter.update(List.of());
        assertThat(f.beforeForward(Fault.Direction.TO_BACKEND, 10)).isEqualTo(Fault.Action.FORWARD);
    }

    @Test
    void aRuleForAnotherServiceOrBackendDoesNotMatch() {
        ChaosFilter filter = new ChaosFilter(() -> 0.0);
        NetworkRule r = reset("a", "100");
        filter.update(List.of(new NetworkRule("s", r.spec(), r.backends(), Set.of("default/other")),
                new NetworkRule("b", r.spec(), Set.of(new InetSocketAddress("10.0.0.2", 8080)), Set.of())));
        assertThat(filter.faultFor(FLOW).onConnect(FLOW)).isEqualTo(Fault.Action.FORWARD);
        filter.update(List.of(new NetworkRule("s", r.spec(), r.backends(), Set.of("default/web"))));
        assertThat(filter.faultFor(FLOW).onConnect(FLOW)).isEqualTo(Fault.Action.RESET);
    }

    @Test
    void theTokenBucketLetsABurstThroughThenPacesAtTheRate() {
        TokenBucket b = new TokenBucket(1000, 500); // 1 ms per byte, 500 bytes at once
        long t = 1_000_000_000L;
        assertThat(b.reserve(500, t)).isEqualTo(t);
        assertThat(b.reserve(1000, t)).isEqualTo(t + 1_000_000_000L);
        assertThat(b.reserve(100, t + 2_000_000_000L)).isEqualTo(t + 2_000_000_000L); // refilled meanwhile
    }
}
