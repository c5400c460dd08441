package dev.skiff.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.LogLine;
import dev.skiff.agent.runtime.LogOptions;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The agent's small HTTP API (one virtual thread per request), every call with
 * {@code Authorization: Bearer <token>} ({@link AgentToken}):
 * <ul>
 * <li>{@code GET /logs/NS/POD?container=C&follow=true&tailLines=N&sinceSeconds=S&previous=true&timestamps=true}
 * — text/plain, one line per log line; a follow ends when the container exits or the client goes.
 * <li>{@code POST /exec/NS/POD?container=C&timeoutSeconds=S} with {@code {"command":[…]}} — runs it
 * in the container's context and answers {@code {"exitCode":0,"stdout":"…","stderr":"…"}}.
 * <li>{@code GET /stats?windowMillis=W} — live usage ({@link UsageStats.Stats}): the machine's CPU
 * and memory, and each container's, CPU measured over a window of W ms (default 500).
 * </ul>
 * Errors answer a status and a one-line text/plain reason.
 */
public final class AgentApi implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AgentApi.class.getName());
    private static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(5);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] token;
    private final ContainerLookup lookup;
    private final PodRuntime runtime;
    private final Clock clock;

    private AgentApi(HttpServer server, String token, ContainerLookup lookup, PodRuntime runtime, Clock clock) {
        this.server = server;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.lookup = lookup;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Listens on {@code address:port} (0 = any free port). */
    public static AgentApi start(String address, int port, String token, ContainerLookup lookup, PodRuntime runtime,
                                 Clock clock) throws BindException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 64);
        } catch (BindException e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the agent API on " + address + ":" + port + ": "
                    + e.getMessage(), e);
        }
        var api = new AgentApi(server, token, lookup, runtime, clock);
        server.setExecutor(api.executor);
        server.createContext("/logs/", api.guarded(api::logs));
        server.createContext("/exec/", api.guarded(api::exec));
        server.createContext("/stats", api.guarded((ex, q) -> api.stats(ex, q)));
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange ex, String namespace, String pod, Map<String, String> query) throws IOException;
    }

    /** A call about the node as a whole (no pod in the path). */
    private interface NodeHandler {
        void handle(HttpExchange ex, Map<String, String> query) throws IOException;
    }

    private com.sun.net.httpserver.HttpHandler guarded(Handler h) {
        return guarded((ex, q) -> {
            var parts = ex.getRequestURI().getPath().split("/");
            if (parts.length != 4) {
                fail(ex, 404, "use " + "/" + parts[1] + "/NAMESPACE/POD");
                return;
            }
            h.handle(ex, parts[2], parts[3], q);
        });
    }

    private com.sun.net.httpserver.HttpHandler guarded(NodeHandler h) {
        return ex -> {
            try {
                if (!authorized(ex)) {
                    fail(ex, 401, "missing or wrong bearer token: read it from secret " + AgentToken.NAMESPACE
                            + "/skiff-agent-<node>");
                    return;
                }
                h.handle(ex, query(ex.getRequestURI().getRawQuery()));
            } catch (ContainerLookup.ApiError e) {
                fail(ex, e.status(), e.getMessage());
            } catch (IllegalArgumentException e) {
                fail(ex, 400, e.getMessage());
            } catch (IOException e) {
                // the client went away
            } catch (RuntimeException e) {
                LOG.warning("agent API " + ex.getRequestURI() + ": " + e);
                fail(ex, 500, String.valueOf(e.getMessage()));
            } finally {
                ex.close(); // after the catches: a refusal must still be written
            }
        };
    }

    private boolean authorized(HttpExchange ex) {
        var header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    // ---- logs

    private void logs(HttpExchange ex, String namespace, String pod, Map<String, String> q) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) throw new ContainerLookup.ApiError(405, "logs are read with GET");
        var found = lookup.find(namespace, pod, q.get("container"), bool(q, "previous"));
        var options = new LogOptions(integer(q, "tailLines"), since(q));
        boolean timestamps = bool(q, "timestamps");
        var reader = runtime.logs(found.handle());
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        if (!bool(q, "follow") || !(runtime.inspect(found.handle()) instanceof ContainerInfo.Running)) {
            for (var line : reader.read(options)) write(out, line, timestamps);
            out.flush();
            return;
        }
        reader.follow(options, line -> {
            try {
                write(out, line, timestamps);
                out.flush();
                return true;
            } catch (IOException gone) {
                return false;
            }
        });
    }

    private static void write(OutputStream out, LogLine line, boolean timestamps) throws IOException {
        var text = timestamps ? line.time() + " " + line.text() + "\n" : line.text() + "\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private Instant since(Map<String, String> q) {
        if (q.containsKey("sinceTime")) return Instant.parse(q.get("sinceTime"));
        Integer seconds = integer(q, "sinceSeconds");
        return seconds == null ? null : clock.instant().minusSeconds(seconds);
    }

    // ---- exec

    /** The body of an exec request. */
    public record ExecRequest(List<String> command) {}

    private void exec(HttpExchange ex, String namespace, String pod, Map<String, String> q) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) throw new ContainerLookup.ApiError(405, "exec is a POST");
        var request = Json.fromJson(ex.getRequestBody().readAllBytes(), ExecRequest.class);
        if (request.command() == null || request.command().isEmpty()) {
            throw new IllegalArgumentException("exec needs a command: {\"command\": [\"sh\", \"-c\", \"…\"]}");
        }
        var found = lookup.find(namespace, pod, q.get("container"), false);
        if (!(runtime.inspect(found.handle()) instanceof ContainerInfo.Running)) {
            throw new ContainerLookup.ApiError(409, "container " + found.container() + " of pod " + namespace + "/" + pod
                    + " is not running; exec needs a running container");
        }
        Integer seconds = integer(q, "timeoutSeconds");
        var result = runtime.exec(found.handle(), request.command(),
                seconds == null ? DEFAULT_EXEC_TIMEOUT : Duration.ofSeconds(seconds));
        var body = Json.toJsonBytes(result);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    // ---- stats

    private void stats(HttpExchange ex, Map<String, String> q) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) throw new ContainerLookup.ApiError(405, "stats are read with GET");
        Integer window = integer(q, "windowMillis");
        if (window != null && (window < 10 || window > 60_000)) {
            throw new IllegalArgumentException("windowMillis=" + window + " is out of range: 10 to 60000");
        }
        var handles = new java.util.LinkedHashMap<String, ContainerHandle>(); // "ns/pod/container" -> run
        for (var pod : lookup.pods()) {
            for (var c : pod.containers()) {
                try {
                    var found = lookup.find(pod.namespace(), pod.pod(), c, false);
                    if (runtime.inspect(found.handle()) instanceof ContainerInfo.Running) {
                        handles.put(pod.namespace() + "/" + pod.pod() + "/" + c, found.handle());
                    }
                } catch (ContainerLookup.ApiError notStarted) {
                    // waiting or finished: nothing to measure
                }
            }
        }
        var body = Json.toJsonBytes(measure(lookup.pods(), handles, window == null ? 500 : window));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private UsageStats.Stats measure(List<ContainerLookup.PodContainers> pods, Map<String, ContainerHandle> handles,
                                     int windowMillis) {
        var groups = new HashMap<String, List<java.nio.file.Path>>();
        handles.forEach((k, h) -> groups.put(k, runtime.cgroups(h)));
        var before = new HashMap<String, UsageStats.Sample>();
        handles.forEach((k, h) -> UsageStats.sample(h, groups.get(k)).ifPresent(s -> before.put(k, s)));
        var machineBefore = UsageStats.machine();
        long start = System.nanoTime();
        try {
            Thread.sleep(windowMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLookup.ApiError(503, "the agent is stopping");
        }
        long window = System.nanoTime() - start;
        var machineAfter = UsageStats.machine();
        int cores = Runtime.getRuntime().availableProcessors();
        long[] memory = UsageStats.memory();
        var node = new UsageStats.NodeUsage(cores, UsageStats.millicores(machineBefore, machineAfter, cores), memory[0], memory[1]);
        var out = new java.util.ArrayList<UsageStats.PodUsage>();
        for (var pod : pods) {
            var containers = new java.util.ArrayList<UsageStats.ContainerUsage>();
            for (var c : pod.containers()) {
                var key = pod.namespace() + "/" + pod.pod() + "/" + c;
                var b = before.get(key);
                var a = handles.containsKey(key) ? UsageStats.sample(handles.get(key), groups.get(key)).orElse(null) : null;
                if (b == null || a == null) {
                    if (handles.containsKey(key)) containers.add(new UsageStats.ContainerUsage(c, null, null));
                    continue;
                }
                containers.add(new UsageStats.ContainerUsage(c, UsageStats.millicores(b.cpuNanos(), a.cpuNanos(), window),
                        a.memoryBytes()));
            }
            if (!containers.isEmpty()) out.add(new UsageStats.PodUsage(pod.namespace(), pod.pod(), containers));
        }
        return new UsageStats.Stats(node, out);
    }

    // ---- small parts

    private static void fail(HttpExchange ex, int status, String message) {
        try {
            var body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        } catch (IOException | RuntimeException e) {
            // headers were sent already (a failure mid-stream) or the client is gone
        }
    }

    private static Map<String, String> query(String raw) {
        var out = new HashMap<String, String>();
        if (raw == null || raw.isEmpty()) return out;
        for (var pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            var k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            var v = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static boolean bool(Map<String, String> q, String key) {
        return "true".equalsIgnoreCase(q.get(key)) || "1".equals(q.get(key));
    }

    private static Integer integer(Map<String, String> q, String key) {
        var v = q.get(key);
        if (v == null || v.isEmpty()) return null;
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
        }
    }
}
