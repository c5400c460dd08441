package dev.skiff.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Container;
import dev.skiff.api.LabelSelectorRequirement;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each part of a fault's selector narrows the pods it may hit; every given part must match. */
class TargetsTest {

    private static final Map<String, Node> NODES = Map.of(
            "n1", Node.of(ObjectMeta.named("n1").withLabels(Map.of("zone", "a")), null),
            "n2", Node.of(ObjectMeta.named("n2").withLabels(Map.of("zone", "b")), null));

    private static final List<Pod> PODS = List.of(
            pod("apps", "web-1", "web", "n1"), pod("apps", "web-2", "web", "n2"), pod("apps", "db-1", "db", "n1"),
            pod("shop", "web-3", "web", "n2"), pod("shop", "cart-1", "cart", "n1"));

    private static List<String> names(ChaosSelector s) {
        return Targets.pods(s, "apps", PODS, NODES, Set.of()).stream().map(p -> p.namespace() + "/" + p.name()).toList();
    }

    @Test
    void withoutNamespacesOrPodsOnlyTheFaultsOwnNamespaceCounts() {
        assertThat(names(new ChaosSelector(null, Map.of("app", "web"), null, null, null, null)))
                .containsExactly("apps/web-1", "apps/web-2");
    }

    @Test
    void namespacesWidenAndLabelsNarrow() {
        assertThat(names(new ChaosSelector(List.of("apps", "shop"), Map.of("app", "web"), null, null, null, null)))
                .containsExactly("apps/web-1", "apps/web-2", "shop/web-3");
        assertThat(names(new ChaosSelector(List.of("shop"), null, null, null, null, null)))
                .containsExactly("shop/cart-1", "shop/web-3");
    }

    @Test
    void expressionSelectorsMatchLikeKubernetes() {
        assertThat(names(new ChaosSelector(List.of("apps", "shop"), null,
                List.of(LabelSelectorRequirement.in("app", "db", "cart")), null, null, null)))
                .containsExactly("apps/db-1", "shop/cart-1");
    }

    @Test
    void podsNameExactPodsPerNamespaceWhateverTheFaultsNamespace() {
        assertThat(names(new ChaosSelector(null, null, null, Map.of("shop", List.of("web-3"), "apps", List.of("db-1")),
                null, null))).containsExactly("apps/db-1", "shop/web-3");
        // and the other parts still narrow them
        assertThat(names(new ChaosSelector(null, Map.of("app", "web"), null, Map.of("apps", List.of("web-1", "db-1")),
                null, null))).containsExactly("apps/web-1");
    }

    @Test
    void nodesAndNodeSelectorsKeepPodsRunningThere() {
        assertThat(names(new ChaosSelector(null, null, null, null, List.of("n1"), null)))
                .containsExactly("apps/db-1", "apps/web-1");
        assertThat(names(new ChaosSelector(List.of("apps", "shop"), Map.of("app", "web"), null, null, null,
                Map.of("zone", "b")))).containsExactly("apps/web-2", "shop/web-3");
        assertThat(Targets.nodes(new ChaosSelector(null, null, null, null, null, Map.of("zone", "a")), NODES.values())
                .stream().map(Node::name)).containsExactly("n1");
        assertThat(Targets.nodes(new ChaosSelector(null, null, null, null, List.of("n2", "gone"), null), NODES.values())
                .stream().map(Node::name)).containsExactly("n2");
    }

    private static Pod pod(String ns, String name, String app, String node) {
        return Pod.of(ObjectMeta.named(ns, name).withLabels(Map.of("app", app)), PodSpec.of(Container.of("c", "i")).withNodeName(node));
    }
}
