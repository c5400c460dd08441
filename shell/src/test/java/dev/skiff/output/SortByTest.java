package dev.skiff.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --sort-by as kubectl sorts. */
class SortByTest {
    private static final KindInfo PODS = Fixtures.kind("pods");
    private static final List<Resource> ALL = Fixtures.load("pods");

    private static String names(String sortBy) {
        OutputOptions o = OutputOptions.table().withSortBy(sortBy)
                .withFormat(OutputFormat.parse("jsonpath={.items[*].metadata.name}", null));
        return ResourcePrinter.print(PODS, ALL, false, o, Fixtures.NOW);
    }

    @Test
    void byNameInNaturalOrder() {
        assertThat(names(".metadata.name")).isEqualTo("api-0 creating-q9w8e dns-5b8f6-kq2lm hog-1 migrate-done "
                + "pending-7xk2p seeded-db-0 shop-1 web-7d4b9c-abcde web-7d4b9c-fghij web-old-zzzzz");
    }

    @Test
    void byTimestampOldestFirst() {
        assertThat(names("{.metadata.creationTimestamp}")).startsWith("dns-5b8f6-kq2lm web-old-zzzzz web-7d4b9c-abcde")
                .endsWith("creating-q9w8e pending-7xk2p");
    }

    @Test
    void byNumberWithMissingValuesFirst() {
        assertThat(names(".status.containerStatuses[0].restartCount"))
                .startsWith("pending-7xk2p ")
                .endsWith("hog-1 web-7d4b9c-fghij api-0");
    }

    @Test
    void theTableIsSortedToo() {
        OutputOptions o = OutputOptions.table().withSortBy("spec.nodeName").withNoHeaders(true);
        String table = ResourcePrinter.print(PODS, ALL.subList(0, 3), false, o, Fixtures.NOW);
        assertThat(table.lines().map(l -> l.split(" ")[0]).toList())
                .containsExactly("web-7d4b9c-abcde", "api-0", "web-7d4b9c-fghij");
    }

    @Test
    void aPathNoObjectHasIsAnError() {
        assertThatThrownBy(() -> names(".spec.nodeNmae"))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("couldn't find any field with path \"{.spec.nodeNmae}\" in the list of objects");
    }

    @Test
    void naturalAndQuantityOrder() {
        assertThat(SortBy.natural("pod-2", "pod-10")).isNegative();
        assertThat(SortBy.natural("pod-10", "pod-2")).isPositive();
        assertThat(SortBy.natural("a", "a")).isZero();
        assertThat(SortBy.natural("web", "web-1")).isNegative();
        assertThat(SortBy.compare(TextNode.valueOf("100m"), TextNode.valueOf("1"))).isNegative();
        assertThat(SortBy.compare(TextNode.valueOf("2Gi"), TextNode.valueOf("512Mi"))).isPositive();
        assertThat(SortBy.compare(IntNode.valueOf(9), IntNode.valueOf(10))).isNegative();
        assertThat(SortBy.compare(null, IntNode.valueOf(0))).isNegative();
    }
}
