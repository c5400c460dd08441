package dev.skiff.client;

import static dev.skiff.client.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredFilterTest {

    /** The bytes a pod is stored as: the filter must never miss one (any name, escaped or not). */
    @Test
    void podsBoundToFindsTheNodeNameInTheStoredBytes() {
        for (String node : new String[] {"pi-1", "rack.a-7", "pï \"quoted\" \\ node", "日本"}) {
            StoredFilter<Pod> f = StoredFilter.podsBoundTo(node);
            Pod mine = pod("default", "p", "x").withSpec(pod("default", "p", "x").spec().withNodeName(node));
            assertThat(f.mayMatch(Client.encode(mine))).as(node).isTrue();
            assertThat(f.matches(mine)).isTrue();
        }
    }

    @Test
    void podsBoundToSkipsOtherNodesAndUnboundPods() {
        StoredFilter<Pod> f = StoredFilter.podsBoundTo("pi-1");
        for (Pod other : new Pod[] {pod("default", "p", "pi-2"), pod("default", "p", "pi-10"), pod("default", "p", null)}) {
            assertThat(f.mayMatch(Client.encode(other))).isFalse();
            assertThat(f.matches(other)).isFalse();
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void labelledPassesObjectsThatMayMatchAndSkipsThoseThatCannot() {
        StoredFilter<Pod> f = StoredFilter.labelled(LabelSelector.parse("app=web7,tier=db"));
        assertThat(f.contains()).containsExactlyInAnyOrder("\"web7\"", "\"db\"");
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web7\",\"tier\":\"db\"}}}"))).isTrue();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\": {\"app\" : \"web7\", \"tier\": \"db\"}}}"))).isTrue();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web70\",\"tier\":\"db\"}}}"))).isFalse();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web7\"}}}"))).isFalse();
    }

    @Test
    void labelledNarrowsTheByteTestByEqualitiesOnlyAndDecidesOnTheLabels() {
        StoredFilter<Pod> f = StoredFilter.labelled(LabelSelector.parse("app!=web,tier in (a,b),!gone,env="));
        assertThat(f.contains()).isEmpty();
        assertThat(f.mayMatch(json("{}"))).isTrue();
        Pod p = pod("default", "p", "x");
        assertThat(f.matches(p.withMetadata(p.metadata().withLabels(java.util.Map.of("app", "api", "tier", "a", "env", "")))))
                .isTrue();
        assertThat(f.matches(p.withMetadata(p.metadata().withLabels(java.util.Map.of("app", "web", "tier", "a", "env", "")))))
                .isFalse();
        assertThat(StoredFilter.<Pod>labelled(null).contains()).isEmpty();
        assertThat(StoredFilter.<Pod>labelled(null).matches(p)).isTrue();
    }
}
