package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot get as {@code skiff} runs it (bound by {@link DirectBinding}, or by picocli when it must) prints, and
 * exits with, exactly what the same line run through picocli does: listings, errors from the store, usage errors
 * with their suggestions.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectGetIT {

    @TempDir Path dir;

    @Test
    void aDirectlyBoundGetSaysWhatPicocliWouldHaveSaid() {
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0));
             Store store = EtcdStore.connect(StoreConfig.parse(server.endpoint()))) {
            Client client = new Client(store, Clock.systemUTC());
            for (int i = 0; i < 12; i++) {
                client.create(Json.fromYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web-%d, namespace: default, labels: {app: web%d}}
                        spec: {containers: [{name: main, image: nginx}]}
                        """.formatted(i, i % 3), Pod.class));
            }
            String at = java.net.URI.create(server.endpoint()).getAuthority();
            for (String[] line : new String[][] {
                    {"get", "pods", "-l", "app=web1", "--server", at},
                    {"get", "pods", "web-1", "web-2", "-o", "name", "--server", at},
                    {"get", "pods", "-o", "json", "-l", "app=web2", "--server", at},
                    {"get", "pods,deploy", "--no-headers", "--server", at},
                    {"get", "pods", "-l", "app=none", "--server", at},
                    {"get", "pods", "web-99", "--server", at},
                    {"get", "podz", "--server", at},
                    {"get", "pods,svc", "web-1", "--server", at},
                    {"get", "pods", "-o", "bogus", "--server", at},
                    {"get", "pods", "--bogus", "--server", at},
                    {"get", "pods", "--server", "127.0.0.1:1"}}) {
                CliRun picocli = CliRun.of(line);
                assertThat(direct(line)).as(String.join(" ", line)).isEqualTo(picocli);
            }
            assertThat(Main.direct("get", "pods", "--server", at)).as("bound without picocli").isNotNull();
            assertThat(Main.direct("get", "podz", "--server", at)).as("an unknown kind goes to picocli").isNull();
        }
    }

    /** The line as {@code skiff}'s main runs it, standard output and error captured. */
    private static CliRun direct(String... args) {
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
