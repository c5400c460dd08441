package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** $N names a row of the last listing, in its namespace unless the line names one. */
class LineExpanderTest {

    private final Rows.Listing pods = new Rows.Listing("pods", List.of("web-1", "db-1", "web-2"),
            List.of("shop", "data", "shop"));
    private final Rows.Listing nodes = new Rows.Listing("nodes", List.of("pi-1"), Arrays.asList((String) null));

    private List<String> expand(String line, Rows.Listing rows) {
        return LineExpander.expand(List.of(line.split(" ")), Map.of("k", "get pods"), rows);
    }

    @Test
    void aRowBringsItsNamespaceRightAfterItsName() {
        assertThat(expand("exec $2 -- ls", pods)).containsExactly("exec", "db-1", "-n", "data", "--", "ls");
        assertThat(expand("describe $1", pods)).containsExactly("describe", "pods", "web-1", "-n", "shop");
        assertThat(expand("delete pod $1 $3", pods)).containsExactly("delete", "pod", "web-1", "-n", "shop", "web-2");
        assertThat(expand("cordon $1", nodes)).containsExactly("cordon", "pi-1");
    }

    @Test
    void aNamespaceOnTheLineWins() {
        assertThat(expand("logs $1 -n other", pods)).containsExactly("logs", "web-1", "-n", "other");
        assertThat(expand("get pod $1 -A", pods)).containsExactly("get", "pod", "web-1", "-A");
    }

    @Test
    void rowsOfTwoNamespacesInOneCommandAreRefused() {
        assertThatThrownBy(() -> expand("delete pod $1 $2", pods)).hasMessageContaining("namespaces shop and data");
        assertThatThrownBy(() -> expand("describe $4", pods)).hasMessageContaining("had 3 row(s)");
    }

    @Test
    void anAliasInVerbPositionExpands() {
        assertThat(expand("k -l app=web", pods)).containsExactly("get", "pods", "-l", "app=web");
    }
}
