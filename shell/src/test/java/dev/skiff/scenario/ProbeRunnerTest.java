package dev.skiff.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The http provider against real sockets on loopback: what failed requests are counted as. */
class ProbeRunnerTest {

    private final ProbeRunner runner = new ProbeRunner(null, Clock.systemUTC()); // plain URLs never ask the cluster

    @Test
    void aRefusedConnectionSaysItWasRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProbeRunner.Result r = runner.run(http("http://127.0.0.1:" + port + "/"));
        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.details().get("errors")).isEqualTo(Map.of("no answer (ConnectException)", 4));
    }

    @Test
    void aConnectionClosedBeforeAnAnswerSaysSoWithoutTheAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try {
                        s.accept().close();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            ProbeRunner.Result r = runner.run(http("http://127.0.0.1:" + s.getLocalPort() + "/"));
            assertThat(r.value()).isEqualTo(0.0);
            @SuppressWarnings("unchecked")
            Map<String, Integer> errors = (Map<String, Integer>) r.details().get("errors");
            assertThat(errors).hasSize(1);
            String key = errors.keySet().iterator().next();
            assertThat(key).startsWith("no answer (IOException: ").doesNotContain("127.0.0.1", ":" + s.getLocalPort());
            assertThat(errors.get(key)).isEqualTo(4);
            s.close();
            closer.join();
        }
    }

    @Test
    void answersAreCountedByStatus() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        server.start();
        try {
            ProbeRunner.Result r = runner.run(http("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
            assertThat(r.value()).isEqualTo(0.0);
            assertThat(r.details().get("errors")).isEqualTo(Map.of("status 503", 4));
        } finally {
            server.stop(0);
        }
    }

    private static Provider.Http http(String url) {
        return new Provider.Http(url, null, 20.0, Duration.ofMillis(200), Duration.ofSeconds(2), null);
    }
}
