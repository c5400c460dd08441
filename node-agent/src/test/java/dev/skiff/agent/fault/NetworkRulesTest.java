package dev.skiff.agent.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.agent.proxy.chaos.InvalidNetworkRuleException;
import dev.skiff.agent.proxy.chaos.NetworkRule;
import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import java.util.List;
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

    private static NetworkChaos delay(String name, String uid, String latency) {
        return NetworkChaos.of(ObjectMeta.named("ns", name).withUid(uid), new NetworkChaosSpec(NetworkChaosAction.DELAY, null,
                ChaosMode.ALL, null, null, null, null, new NetworkChaosSpec.Delay(latency, null, null), null, null, null, null));
    }
}
