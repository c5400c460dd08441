package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot get whose read started at main() ({@link EarlyRead}, paging ahead with {@link ReadAhead}) prints what
 * the same get prints reading for itself; a read the command does not ask for is dropped; errors read the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EarlyReadIT {

    @TempDir Path dir;

    @Test
    void anEarlyReadPrintsWhatTheCommandWouldHaveReadAndAnotherReadIsDropped() {
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0));
             Store store = EtcdStore.connect(StoreConfig.parse(server.endpoint()))) {
            Client client = new Client(store, Clock.systemUTC());
            client.create(Json.fromYaml("{apiVersion: v1, kind: Namespace, metadata: {name: other}}", Namespace.class));
            for (int i = 0; i < 1_200; i++) { // more than two of the client's pages
                String ns = i % 4 == 0 ? "other" : "default";
                client.create(Json.fromYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web-%d, namespace: %s, labels: {app: web%d}}
                        spec: {containers: [{name: main, image: nginx}]}
                        """.formatted(i, ns, i % 7), Pod.class));
            }
            String at = java.net.URI.create(server.endpoint()).getAuthority();
            for (String[] line : new String[][] {
                    {"get", "pods", "-o", "name", "--server", at},
                    {"get", "pods", "-l", "app=web3", "-o", "json", "--server", at},
                    {"get", "pods", "-A", "-l", "app in (web1,web2)", "-o", "name", "--server", at},
                    {"get", "pods", "-n", "other", "-l", "app=web6", "-o", "yaml", "--server", at},
                    {"get", "pods", "-l", "app=nothing", "--server", at}}) {
                CliRun own = CliRun.of(line);
                EarlyRead.start(line);
                CliRun early = CliRun.of(line);
                assertThat(early).as(String.join(" ", line)).isEqualTo(own);
                assertThat(own.exitCode()).isZero();
            }
            // the early read was of another namespace: the command reads its own
            EarlyRead.start("get", "pods", "-n", "other", "-o", "name", "--server", at);
            CliRun defaults = CliRun.of("get", "pods", "-o", "name", "--server", at);
            assertThat(defaults.out()).contains("pod/web-1\n").doesNotContain("pod/web-4\n");
            assertThat(defaults.out().lines()).hasSize(900);
        }
    }

    @Test
    void aStoreThatIsNotThereIsTheSameErrorEitherWay() {
        String[] line = {"get", "pods", "--server", "127.0.0.1:1"};
        CliRun own = CliRun.of(line);
        EarlyRead.start(line);
        CliRun early = CliRun.of(line);
        assertThat(early).isEqualTo(own);
        assertThat(own.exitCode()).isNotZero();
    }
}
