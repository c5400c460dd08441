package dev.skiff.agent.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.InvalidNetworkRuleException;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.ChaosSource;
import dev.skiff.chaos.ChaosStatus;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One NetworkChaos the proxy cannot apply must not lift the others. */
class NetworkRulesTest {

    @Test
    void anInvalidRuleIsLeftOutAndTheOthersStayInForce() {
        ChaosFilter filter = new ChaosFilter();
        NetworkRules rules = new NetworkRules(filter, null, null);
        NetworkChaos good = delay("good", "uid-good", "200ms");
        NetworkChaos bad = delay("bad", "uid-bad", "soon");

        rules.update(List.of(good, bad));
        assertThat(filter.rules()).extracting(NetworkRule::faultUid).containsExactly("uid-good");

        rules.update(List.of(bad));
        assertThat(filter.rules()).isEmpty();
        rules.update(List.of(bad, good));
        assertThat(filter.rules()).extracting(NetworkRule::faultUid).containsExactly("uid-good");
    }

    @Test
    void theFilterItselfStillRefusesAListWithAnInvalidRule() {
        ChaosFilter filter = new ChaosFilter();
        NetworkRule bad = new NetworkRule("uid-bad", delay("bad", "uid-bad", "soon").spec(), Set.of(), Set.of());
        assertThatThrownBy(() -> ChaosFilter.check(bad)).isInstanceOf(InvalidNetworkRuleException.class)
                .hasMessageContaining("spec.delay.latency");
        assertThatThrownBy(() -> filter.update(List.of(bad))).isInstanceOf(InvalidNetworkRuleException.class);
    }

    @Test
    void theSourcePodsUidsReachTheRuleAndADockerNodeRefusesASourceItCannotTell() {
        NetworkChaos fromClients = (NetworkChaos) NetworkChaos.of(ObjectMeta.named("ns", "cut").withUid("uid-cut"),
                new NetworkChaosSpec(NetworkChaosAction.PARTITION, null, ChaosMode.ALL, null, null, null,
                        new NetworkChaosSpec.Target(new ChaosSelector(null, Map.of("app", "client"), null, null, null, null),
                                ChaosMode.ALL, null, List.of("web")), null, null, null, null, null))
                .withStatus(ChaosStatus.NEW.withSources(List.of(new ChaosSource("ns", "client-1", "n1", "uid-c1"),
                        new ChaosSource("ns", "client-2", "n2", "uid-c2"))));
        ChaosFilter processNode = new ChaosFilter();
        new NetworkRules(processNode, null, null, "n1", true).update(List.of(fromClients));
        assertThat(processNode.rules()).singleElement().satisfies(r -> assertThat(r.sources()).containsExactlyInAnyOrder("uid-c1", "uid-c2"));

        ChaosFilter dockerNode = new ChaosFilter();
        new NetworkRules(dockerNode, null, null, "n1", false).update(List.of(fromClients, delay("good", "uid-good", "1s")));
        assertThat(dockerNode.rules()).as("client-1 runs here in Docker: refused, never widened to every client")
                .extracting(NetworkRule::faultUid).containsExactly("uid-good");
        ChaosFilter otherDockerNode = new ChaosFilter();
        new NetworkRules(otherDockerNode, null, null, "n3", false).update(List.of(fromClients));
        assertThat(otherDockerNode.rules()).as("no source runs on n3").hasSize(1);
        assertThat(new ChaosFilter().rules()).isEmpty();
        ChaosFilter plain = new ChaosFilter();
        new NetworkRules(plain, null, null, "n1", false).update(List.of(delay("good", "uid-good", "1s")));
        assertThat(plain.rules()).singleElement().satisfies(r -> assertThat(r.sources()).as("no sending side").isNull());
    }

    private static NetworkChaos delay(String name, String uid, String latency) {
        return NetworkChaos.of(ObjectMeta.named("ns", name).withUid(uid), new NetworkChaosSpec(NetworkChaosAction.DELAY, null,
                ChaosMode.ALL, null, null, null, null, new NetworkChaosSpec.Delay(latency, null, null), null, null, null, null));
    }
}
