package dev.skiff.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DemoAppTest {
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private DemoApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Map<String, String> env = Map.of("POD_NAME", "web-1", "NODE_NAME", "node-2", "VERSION", "v3", "PORT", "0");
        app = DemoApp.start(new InetSocketAddress("127.0.0.1", 0), DemoApp.Identity.fromEnv(env, "dev"), env, exited::complete);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithItsIdentity() throws Exception {
        assertThat(get("/").body()).isEqualTo("pod web-1 on node node-2, version v3\n");
        assertThat(get("/env").body()).contains("NODE_NAME=node-2\n").contains("POD_NAME=web-1\n");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void probesFlipAndRecover() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        get("/fail/readiness");
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        get("/fail/liveness");
        assertThat(get("/healthz").statusCode()).isEqualTo(500);
        get("/recover/liveness");
        get("/recover/readiness");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void slowAndExit() throws Exception {
        long t0 = System.nanoTime();
        assertThat(get("/slow?ms=200").body()).isEqualTo("slept 200 ms\n");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(200);
        assertThat(get("/exit?code=3").body()).isEqualTo("exiting with 3\n");
        assertThat(exited.get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void drainingKeepsAnsweringButNotReadyThenRefusesNewConnections() throws Exception {
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                // long enough that a loaded CI machine still sees the not-ready phase while it lasts
                app.drain(java.time.Duration.ofSeconds(6), java.time.Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(get("/readyz").statusCode()).isEqualTo(503));
        assertThat(get("/").statusCode()).as("still answering while proxies catch up").isEqualTo(200);
        drain.join();
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", app.port()), 1000))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }
}
