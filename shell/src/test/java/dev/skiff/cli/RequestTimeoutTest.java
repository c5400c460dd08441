package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.StoreConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** kubectl's --request-timeout (and $SKIFF_REQUEST_TIMEOUT): how long the CLI waits for the store. */
class RequestTimeoutTest {

    @Test
    void theFlagWinsOverTheEnvironmentAndTakesGoDurationsOrSeconds() {
        assertThat(ClusterOptions.timeout("30s", "5")).contains(Duration.ofSeconds(30));
        assertThat(ClusterOptions.timeout(null, "45")).contains(Duration.ofSeconds(45));
        assertThat(ClusterOptions.timeout("", "1m30s")).contains(Duration.ofSeconds(90));
        assertThat(ClusterOptions.timeout("0", null)).contains(ClusterOptions.NO_TIMEOUT);
        assertThat(ClusterOptions.timeout(null, null)).isEmpty();
    }

    @Test
    void aBadValueNamesWhereItCameFrom() {
        assertThatThrownBy(() -> ClusterOptions.timeout("soon", null)).hasMessageContaining("--request-timeout \"soon\"");
        assertThatThrownBy(() -> ClusterOptions.timeout(null, "2x")).hasMessageContaining("SKIFF_REQUEST_TIMEOUT \"2x\"");
    }

    @Test
    void theDefaultForgivesALoadedPi() {
        assertThat(StoreConfig.DEFAULT_CONNECT_TIMEOUT).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        assertThat(StoreConfig.DEFAULT_REQUEST_TIMEOUT).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aClosedPortFailsAtOnceWithTheHintNotAfterTheTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long start = System.nanoTime();
        CliRun run = CliRun.of("get", "pods", "--server", "127.0.0.1:" + port, "--request-timeout", "60s");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("127.0.0.1:" + port).contains("is the server running?");
        assertThat(took).as("a refused connection is not waited out").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aBadFlagIsAUserErrorBeforeAnyConnection() {
        CliRun run = CliRun.of("get", "pods", "--server", "127.0.0.1:1", "--request-timeout", "soon");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--request-timeout \"soon\" is not a duration");
    }
}
