package dev.skiff.client;

import static dev.skiff.client.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Pod;
import org.junit.jupiter.api.Test;

class StoredFilterTest {

    /** The bytes a pod is stored as: the filter must never miss one (any name, escaped or not). */
    @Test
    void podsBoundToFindsTheNodeNameInTheStoredBytes() {
        for (String node : new String[] {"pi-1", "rack.a-7", "pï \"quoted\" \\ node", "日本"}) {
            StoredFilter<Pod> f = StoredFilter.podsBoundTo(node);
            Pod mine = pod("default", "p", "x").withSpec(pod("default", "p", "x").spec().withNodeName(node));
            assertThat(f.mayMatch().test(Client.encode(mine))).as(node).isTrue();
            assertThat(f.matches().test(mine)).isTrue();
        }
    }

    @Test
    void podsBoundToSkipsOtherNodesAndUnboundPods() {
        StoredFilter<Pod> f = StoredFilter.podsBoundTo("pi-1");
        for (Pod other : new Pod[] {pod("default", "p", "pi-2"), pod("default", "p", "pi-10"), pod("default", "p", null)}) {
            assertThat(f.mayMatch().test(Client.encode(other))).isFalse();
            assertThat(f.matches().test(other)).isFalse();
        }
    }
}
