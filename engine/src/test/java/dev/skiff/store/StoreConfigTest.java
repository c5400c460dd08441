package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void parsesTheServerFlag() {
        StoreConfig c = StoreConfig.parse("127.0.0.1:2379,http://pi2:2379");
        assertThat(c.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"), URI.create("http://pi2:2379"));
        assertThat(c.addresses()).containsExactly("127.0.0.1:2379", "pi2:2379");
        assertThat(c.requestTimeout()).isEqualTo(StoreConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void rejectsNonsenseWithAHint() {
        assertThatThrownBy(() -> StoreConfig.parse("")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> StoreConfig.parse("pi1")).hasMessageContaining("no port");
        assertThatThrownBy(() -> StoreConfig.parse("https://pi1:2379")).hasMessageContaining("http://");
    }

    @Test
    void keysDoNotCollideAcrossNamespaces() {
        assertThat(Keys.namespaced("pods", "default", "web")).isEqualTo("/registry/pods/default/web");
        assertThat(Keys.clusterScoped("nodes", "pi1")).isEqualTo("/registry/nodes/pi1");
        assertThat(Keys.inNamespace("pods", "default")).isEqualTo("/registry/pods/default/");
        assertThat(Keys.namespaced("pods", "default2", "web")).doesNotStartWith(Keys.inNamespace("pods", "default"));
        assertThat(Keys.ofKind("pods")).isEqualTo("/registry/pods/");
        assertThat(Keys.nameOf("/registry/pods/default/web")).isEqualTo("web");
        assertThatThrownBy(() -> Keys.namespaced("pods", "a/b", "web")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesCompareByContent() {
        assertThat(new KeyValue("k", "v".getBytes(), 1, 2, 1, 0)).isEqualTo(new KeyValue("k", "v".getBytes(), 1, 2, 1, 0));
        assertThat(Compare.value("k").eq("v")).isEqualTo(Compare.value("k").eq("v"));
        assertThat(Txn.when(Compare.absent("k")).then(Op.put("k", new byte[0])).success()).hasSize(1);
    }
}
