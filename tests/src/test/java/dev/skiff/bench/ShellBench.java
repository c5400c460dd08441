package dev.skiff.bench;

import dev.skiff.api.Json;
import dev.skiff.api.Pod;
import dev.skiff.cli.SkiffCommand;
import dev.skiff.client.Client;
import dev.skiff.e2e.Repo;
import dev.skiff.shell.ClusterCache;
import dev.skiff.shell.SkiffCompleter;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.embedded.EmbeddedServer;
import dev.skiff.store.embedded.EmbeddedServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;

/**
 * Issue 7's shell figures, through the real launcher ({@code ./skiff}, as a user types it): time to
 * the prompt with a local cluster up and cold (the prompt starting it), the first JS evaluation
 * after the prompt (issue 8), one-shot {@code skiff get pods} against etcdctl on the same store,
 * each with the launcher's start-up cache and without (SKIFF_CDS=0); and Tab-completion latency
 * with 5,000 pods in the cache (the real completer over a ClusterCache fed by the embedded store).
 * The prompt compares the JDK 25 AOT cache with AppCDS (SKIFF_AOT=0) too. {@code SKIFF_BENCH_SHELL=prompt}
 * runs only the prompt figures.
 */
final class ShellBench {
    private ShellBench() {}

    private static final Map<String, String> NO_CDS = Map.of("SKIFF_CDS", "0");
    private static final Map<String, String> CDS = Map.of("SKIFF_CDS", "1");
    private static final Map<String, String> APPCDS = Map.of("SKIFF_CDS", "1", "SKIFF_AOT", "0");

    /**
     * {@code -Dskiff.bench.shell=oneshot} (or {@code SKIFF_BENCH_SHELL=oneshot}): only the one-shot
     * get against etcdctl; {@code prompt}: only the prompt figures; {@code all} by default.
     */
    private static final String PART = part();

    /** The environment wins: the bench profile always passes the property (default all). */
    private static String part() {
        String env = System.getenv("SKIFF_BENCH_SHELL");
        return env != null && !env.isBlank() ? env : System.getProperty("skiff.bench.shell", "all");
    }

    static void run() {
        if (!List.of("all", "oneshot", "prompt").contains(PART)) {
            throw new IllegalArgumentException("-Dskiff.bench.shell=" + PART + ": expected all, oneshot or prompt");
        }
        if (PART.equals("prompt")) {
            prompt();
            return;
        }
        Path dir = TempDirs.create("shellbench");
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir.resolve("store"), "127.0.0.1", 0));
             Store store = EtcdStore.connect(StoreConfig.parse(server.endpoint()))) {
            Client client = new Client(store, Clock.systemUTC());
            createPods(client, 5000);
            String endpoint = URI.create(server.endpoint()).getAuthority();
            oneShot(endpoint, dir);
            if (PART.equals("oneshot")) return;
            completion(client);
        } finally {
            TempDirs.deleteQuietly(dir);
        }
        prompt();
    }

    private static void createPods(Client client, int n) {
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                pool.submit(() -> client.create(Json.fromYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web-%d, namespace: default, labels: {app: web%d, tier: t%d}}
                        spec: {containers: [{name: main, image: nginx, command: [sleep, "600"]}]}
                        """.formatted(k, k % 50, k % 3), Pod.class)));
            }
        }
    }

    // ---- one-shot get

    private static void oneShot(String endpoint, Path dir) {
        Map<String, String> home = Map.of("SKIFF_HOME", dir.resolve("home").toString(), "SKIFF_NO_BUILD", "1");
        String[] get = {"./skiff", "get", "pods", "-l", "app=web7", "--server", endpoint};
        trainGetCaches(home, get);
        Stats noCds = new Stats(10), appCds = new Stats(10), aot = new Stats(10), etcdctl = new Stats(10), java = new Stats(10);
        for (int i = 0; i < 5; i++) { // interleaved: the machine's load hits each alike
            noCds.add(timed(merge(home, NO_CDS), get));
            appCds.add(timed(merge(home, APPCDS), get));
            aot.add(timed(merge(home, CDS), get));
            etcdctl.add(timed(Map.of(), "etcdctl", "--endpoints=http://" + endpoint, "get", "--prefix", "/registry/pods/default/web-7"));
            java.add(timed(Map.of(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-version"));
        }
        System.out.println("one-shot, 5,000 pods in the store, 100 listed (median of 5, ms; load " + loadAverage() + "):");
        row("skiff get pods -l app=web7, no cache", noCds);
        row("skiff get pods -l app=web7, AppCDS", appCds);
        row("skiff get pods -l app=web7, " + (Runtime.version().feature() >= 25 ? "AOT cache" : "cache (AppCDS)"), aot);
        row("etcdctl get --prefix (Go, the real peer)", etcdctl);
        row("java -version (the JVM's floor)", java);
    }

    /**
     * The get caches as an operator's third get finds them: AppCDS is written when the first run
     * exits; the AOT cache is recorded by the first run and assembled (in the background) by the
     * second, which the figures must not overlap.
     */
    private static void trainGetCaches(Map<String, String> home, String... get) {
        timed(merge(home, APPCDS), get);
        timed(merge(home, CDS), get);
        timed(merge(home, CDS), get);
        awaitAssembled("get");
    }

    /** Waits (at most 3 minutes) until no process is assembling {@code verb}'s AOT cache, so timed runs never overlap it. */
    private static void awaitAssembled(String verb) {
        Path cds = Repo.root().resolve("shell/target/cds");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = java.nio.file.Files.list(cds)) {
                if (files.noneMatch(f -> f.getFileName().toString().matches(verb + "\\.jdk.*\\.lock"))) return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sleep(500);
        }
        System.out.println("  (the " + verb + " AOT cache was not assembled within 3 minutes: its figures ran without it)");
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static long timed(Map<String, String> env, String... command) {
        long t = System.nanoTime();
        Repo.Result r = Repo.run(env, 120, command);
        long took = System.nanoTime() - t;
        if (r.exitCode() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + r.err());
        return took;
    }

    private static void row(String name, Stats s) {
        System.out.printf("  %-46s %9.0f  (best %.0f)%n", name, s.percentileMs(50), s.percentileMs(0));
    }

    // ---- completion

    private static void completion(Client client) {
        try (ClusterCache cache = new ClusterCache(client)) {
            cache.warm(List.of("pods"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            var pods = dev.skiff.api.Kinds.resolve("pods").orElseThrow();
            while (cache.names(pods, "default").size() < 5000 && System.nanoTime() < deadline) sleep(50);
            SkiffCompleter completer = new SkiffCompleter(SkiffCommand.grammar(), cache, () -> "default", Map::of);
            System.out.println("completion with " + cache.names(pods, "default").size() + " pods cached (2,000 Tabs each, ms):");
            for (String line : List.of("get pods ", "get pods web-12", "logs web-3", "get pods -l ", "get po -l app=", "delete pod -n ")) {
                Stats s = new Stats(2000);
                int candidates = 0;
                for (int i = 0; i < 2300; i++) {
                    List<Candidate> out = new ArrayList<>();
                    long t = System.nanoTime();
                    completer.complete(null, new DefaultParser().parse(line, line.length()), out);
                    if (i >= 300) s.add(System.nanoTime() - t); // after warm-up
                    candidates = out.size();
                }
                System.out.printf("  %-22s p50 %6.2f  p99 %6.2f  (%d candidates)%n", "\"" + line + "\"", s.percentileMs(50),
                        s.percentileMs(99), candidates);
            }
        }
    }

    // ---- the prompt, through a pseudo-terminal (script(1))

    private static void prompt() {
        Path home = TempDirs.create("shellbench-home");
        try {
            Map<String, String> env = Map.of("SKIFF_HOME", home.toString(), "SKIFF_NO_BUILD", "1");
            System.out.println("time to prompt (ms; CPU = user+sys of ./skiff's process at the prompt; "
                    + "JS = from the prompt to the answer of `js 6*7` typed at once; "
                    + "cache = the JDK 25 AOT cache, AppCDS before 25; load " + loadAverage() + "):");
            Repo.Result up = Repo.run(env, 240, "./skiff", "up", "--nodes", "1");
            if (up.exitCode() != 0) throw new IllegalStateException("skiff up failed: " + up.err());
            try {
                trainCaches(env);
                for (int i = 0; i < 3; i++) {
                    for (var cds : List.of(NO_CDS, APPCDS, CDS)) {
                        long[] warm = promptOnce(merge(env, cds), "./skiff");
                        System.out.printf("  cluster up (connects), %-7s run %d    prompt %6d   CPU %6d   JS %6d   load %s%n",
                                tag(cds), i + 1, warm[0], warm[2], warm[1], loadAverage());
                    }
                }
            } finally {
                Repo.run(env, 120, "./skiff", "down");
            }
            for (int i = 0; i < 2; i++) {
                for (var cds : List.of(NO_CDS, APPCDS, CDS)) {
                    long[] cold = promptOnce(merge(env, cds), "./skiff --nodes 1");
                    System.out.printf("  cold (prompt starts the local cluster), %-7s prompt %6d   CPU %6d   JS %6d   load %s%n",
                            tag(cds), cold[0], cold[2], cold[1], loadAverage());
                }
            }
        } finally {
            TempDirs.deleteQuietly(home);
        }
    }

    private static String tag(Map<String, String> cds) {
        return cds == NO_CDS ? "no CDS" : cds == APPCDS ? "AppCDS" : "cache";
    }

    /**
     * The prompt's caches as an operator's second session finds them: AppCDS is written when the
     * first run exits; the AOT cache is recorded by the first run and assembled (in the background)
     * by the second.
     */
    private static void trainCaches(Map<String, String> env) {
        promptOnce(merge(env, APPCDS), "./skiff");
        promptOnce(merge(env, CDS), "./skiff");
        promptOnce(merge(env, CDS), "./skiff");
        awaitAssembled("prompt");
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Starts {@code command} on a pty; returns {ms to the prompt, ms from it to the first JS answer, ms of CPU the
     * process had used when the prompt appeared}.
     */
    private static long[] promptOnce(Map<String, String> env, String command) {
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(Repo.root().toFile());
        pb.environment().putAll(env);
        pb.environment().put("TERM", "xterm");
        pb.redirectErrorStream(true);
        try {
            long start = System.nanoTime();
            Process p = pb.start();
            Screen screen = new Screen(p.getInputStream());
            OutputStream keys = p.getOutputStream();
            long prompt = screen.await("skiff(", start, Duration.ofSeconds(120));
            long cpu = cpuMs(p.toHandle());
            keys.write("js 6*7\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long js = screen.await("42", System.nanoTime(), Duration.ofSeconds(60)); // the echoed line has no 42
            // Ctrl-D once the next prompt is up: typed while JLine is still out of raw mode (between the answer and
            // the prompt), the pty's line discipline takes it as its own end-of-file and the prompt never sees it
            screen.await("skiff(", System.nanoTime(), Duration.ofSeconds(30));
            keys.write(4); // Ctrl-D: leave (a cold start stops its cluster)
            keys.flush();
            if (!p.waitFor(90, TimeUnit.SECONDS)) p.destroyForcibly();
            return new long[] {prompt, js, cpu};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU time (user + sys) the launcher and its JVM have used so far, from /proc: on a machine shared with other
     * work the wall time to the prompt varies with the load, the CPU it took much less. 0 where there is no /proc.
     */
    private static long cpuMs(ProcessHandle script) {
        long ticks = 0;
        for (ProcessHandle h : script.descendants().toList()) {
            try {
                String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (IOException | RuntimeException e) {
                // ended meanwhile (the launcher's helpers), or no /proc
            }
        }
        return ticks * 10; // 100 ticks a second on Linux
    }

    /** What the terminal printed, read on a thread; escapes stripped. */
    private static final class Screen {
        private final StringBuffer text = new StringBuffer();
        private int seen;

        Screen(InputStream in) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        text.append(new String(buf, 0, n, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[a-zA-Z]", ""));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** Ms from {@code since} until {@code what} appears after what was seen before. */
        long await(String what, long since, Duration timeout) {
            long deadline = since + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                int at = text.indexOf(what, seen);
                if (at >= 0) {
                    seen = at + what.length();
                    return (System.nanoTime() - since) / 1_000_000;
                }
                sleep(2);
            }
            throw new IllegalStateException("no \"" + what + "\" on the screen within " + timeout.toSeconds() + " s:\n" + text);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
