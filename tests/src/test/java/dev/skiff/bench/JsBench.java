package dev.skiff.bench;

import dev.skiff.client.Client;
import dev.skiff.js.JsSession;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GraalJS interpreted (stock JDK) against compiled (the Graal compiler on --upgrade-module-path,
 * what SKIFF_JS_COMPILER=1 does): a compute-heavy script, a resource-manipulation script (objects
 * built, filtered and serialised in JS, then applied, listed and deleted through the cluster API on
 * the embedded store), and the time from starting a session to its first evaluation - the wait a
 * user typing {@code js 1+1} the moment the prompt appears could see. Each mode runs in its own JVM.
 */
final class JsBench {
    private JsBench() {}

    static final String COMPUTE = """
            function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            function sieve(n) { const p = new Uint8Array(n + 1); let c = 0;
              for (let i = 2; i <= n; i++) { if (!p[i]) { c++; for (let j = i * i; j <= n; j += i) p[j] = 1; } } return c; }
            fib(27) + sieve(2000000)
            """;

    static final String OBJECTS = """
            (async () => {
              const w = await import("skiff/workloads");
              const all = [];
              for (let i = 0; i < 5000; i++) all.push(w.deployment("web-" + i, {image: "nginx:1.27", replicas: i % 5,
                ports: [80], env: {INDEX: i}, labels: {tier: i % 3 === 0 ? "db" : "web"}}));
              const text = JSON.stringify(all.filter(d => d.metadata.labels.tier === "web"));
              return JSON.parse(text).reduce((n, d) => n + d.spec.replicas, 0);
            })()
            """;

    static final String CLUSTER = """
            (async () => {
              const objs = [];
              for (let i = 0; i < 100; i++) objs.push({apiVersion: "v1", kind: "ConfigMap",
                metadata: {name: "cm-" + i, labels: {bench: "js", part: String(i % 4)}}, data: {i: String(i)}});
              cluster.apply(objs);
              let n = 0;
              for (let p = 0; p < 4; p++) n += cluster.list("configmaps", {selector: {bench: "js", part: String(p)}}).length;
              for (const o of cluster.list("configmaps", {selector: "bench=js"})) cluster.delete("configmaps", o.metadata.name);
              return n;
            })()
            """;

    static void run() {
        Map<String, Map<String, Double>> modes = new LinkedHashMap<>();
        modes.put("interpreted", child(List.of()));
        List<String> compiler = compilerFlags();
        if (compiler.isEmpty()) {
            System.out.println("compiled: no compiler jars in shell/target/js-compiler (build the shell module first)");
        } else {
            modes.put("compiled", child(compiler));
        }
        System.out.printf("%-44s %14s %14s%n", "figure (ms)", "interpreted", "compiled");
        for (String figure : modes.get("interpreted").keySet()) {
            Double c = modes.containsKey("compiled") ? modes.get("compiled").get(figure) : null;
            System.out.printf("%-44s %14.1f %14s%n", figure, modes.get("interpreted").get(figure),
                    c == null ? "-" : String.format("%.1f", c));
        }
        if (modes.containsKey("compiled")) {
            for (String f : List.of("compute, best of 10", "objects, best of 10")) {
                System.out.printf("speed-up %-35s %14.1fx%n", f, modes.get("interpreted").get(f) / modes.get("compiled").get(f));
            }
        }
    }

    private static List<String> compilerFlags() {
        Path dir = Path.of("..", "shell", "target", "js-compiler");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> jars = Files.list(dir)) {
            String path = String.join(":", jars.filter(p -> p.toString().endsWith(".jar")).map(p -> p.toAbsolutePath().toString()).sorted().toList());
            return path.isEmpty() ? List.of() : List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=" + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@link #main} in a fresh JVM with {@code flags}; reads back "figure=value" lines. */
    private static Map<String, Double> child(List<String> flags) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JsBench.class.getName()));
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int eq = line.indexOf('=');
                    if (line.startsWith("fig:") && eq > 0) out.put(line.substring(4, eq), Double.parseDouble(line.substring(eq + 1)));
                    else System.out.println("  " + line);
                }
            }
            if (p.waitFor() != 0) throw new IllegalStateException("the JS benchmark JVM failed (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** One mode, in its own JVM. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jsbench");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
             Store store = EtcdStore.connect(StoreConfig.parse(server.endpoint()))) {
            Client client = new Client(store, Clock.systemUTC());
            long start = System.nanoTime();
            try (JsSession js = JsSession.start(new JsSession.Options(dir, false, line -> { }, () -> client, () -> "default", List.of(), null))) {
                expectShown(js.eval("1 + 1"));
                fig("start to first evaluation", (System.nanoTime() - start) / 1e6);
                System.out.println("engine: " + js.engineName());
                series(js, "compute", COMPUTE, 10);
                series(js, "objects", OBJECTS, 10);
                series(js, "cluster (100 apply+list+delete)", CLUSTER, 5);
            }
        }
        System.exit(0);
    }

    private static void series(JsSession js, String name, String code, int rounds) {
        double best = Double.MAX_VALUE;
        double first = 0;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            expectShown(js.eval(code));
            double ms = (System.nanoTime() - t) / 1e6;
            if (i == 0) first = ms;
            best = Math.min(best, ms);
        }
        fig(name + ", first run", first);
        fig(name + ", best of " + rounds, best);
    }

    private static void expectShown(JsSession.Outcome o) {
        if (!(o instanceof JsSession.Outcome.Shown)) throw new IllegalStateException("benchmark script failed: " + o);
    }

    private static void fig(String name, double ms) {
        System.out.println("fig:" + name + "=" + ms);
    }
}
