package dev.skiff.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * A small HTTP app for workshops and tests, in the spirit of kuard: {@code /} says which pod, node
 * and version answered; {@code /healthz} and {@code /readyz} can be made to fail
 * ({@code /fail/liveness}, {@code /fail/readiness}) and to recover ({@code /recover/liveness},
 * {@code /recover/readiness}); {@code /slow?ms=} answers late; {@code /env} lists the environment;
 * {@code /exit?code=} ends the process.
 */
public final class DemoApp implements AutoCloseable {

    /** Who this instance is: from the downward-API env the agent sets (POD_NAME, NODE_NAME) or the host. */
    public record Identity(String pod, String node, String version) {
        public static Identity fromEnv(Map<String, String> env, String defaultVersion) {
            String host = env.getOrDefault("HOSTNAME", "localhost");
            return new Identity(env.getOrDefault("POD_NAME", host), env.getOrDefault("NODE_NAME", host),
                    env.getOrDefault("VERSION", defaultVersion));
        }
    }

    private final HttpServer server;
    private final Identity identity;
    private final Map<String, String> env;
    private final IntConsumer exit;
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(true);

    private DemoApp(HttpServer server, Identity identity, Map<String, String> env, IntConsumer exit) {
        this.server = server;
        this.identity = identity;
        this.env = new TreeMap<>(env);
        this.exit = exit;
    }

    /** Starts serving on {@code address}; {@code exit} is what {@code /exit} calls (System::exit in production). */
    public static DemoApp start(InetSocketAddress address, Identity identity, Map<String, String> env, IntConsumer exit) {
        try {
            HttpServer server = HttpServer.create(address, 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            DemoApp app = new DemoApp(server, identity, env, exit);
            server.createContext("/", app::handle);
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("demo-app cannot listen on " + address + ": " + e.getMessage()
                    + " — set PORT to a free port", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            URI uri = x.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            switch (uri.getPath()) {
                case "/" -> reply(x, 200, "pod " + identity.pod() + " on node " + identity.node() + ", version "
                        + identity.version() + "\n");
                case "/healthz" -> reply(x, live.get() ? 200 : 500, live.get() ? "ok\n" : "failing (see /recover/liveness)\n");
                case "/readyz" -> reply(x, ready.get() ? 200 : 503, ready.get() ? "ready\n" : "not ready (see /recover/readiness)\n");
                case "/fail/liveness" -> flip(x, live, false, "liveness");
                case "/fail/readiness" -> flip(x, ready, false, "readiness");
                case "/recover/liveness" -> flip(x, live, true, "liveness");
                case "/recover/readiness" -> flip(x, ready, true, "readiness");
                case "/slow" -> slow(x, query.getOrDefault("ms", "1000"));
                case "/env" -> {
                    StringBuilder sb = new StringBuilder();
                    env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                    reply(x, 200, sb.toString());
                }
                case "/exit" -> exit(x, query.getOrDefault("code", "0"));
                default -> reply(x, 404, "no such page: " + uri.getPath() + " (try /, /healthz, /readyz, /fail/liveness, "
                        + "/fail/readiness, /recover/liveness, /recover/readiness, /slow?ms=, /env, /exit?code=)\n");
            }
        }
    }

    private static void flip(HttpExchange x, AtomicBoolean flag, boolean value, String what) throws IOException {
        flag.set(value);
        reply(x, 200, what + (value ? " recovered\n" : " now failing\n"));
    }

    private static void slow(HttpExchange x, String ms) throws IOException {
        long wait;
        try {
            wait = Long.parseLong(ms);
        } catch (NumberFormatException e) {
            reply(x, 400, "ms=" + ms + " is not a number of milliseconds\n");
            return;
        }
        try {
            Thread.sleep(Math.max(0, wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply(x, 200, "slept " + wait + " ms\n");
    }

    private void exit(HttpExchange x, String code) throws IOException {
        int c;
        try {
            c = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            reply(x, 400, "code=" + code + " is not an exit code\n");
            return;
        }
        reply(x, 200, "exiting with " + c + "\n");
        Thread.ofVirtual().start(() -> exit.accept(c));
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * A graceful stop (what SIGTERM does), as a well-behaved Kubernetes app: for {@code keepServing}
     * it still answers (a request already routed here by a proxy that has not yet seen the pod leave
     * its Endpoints succeeds) but {@code /readyz} says 503; then the listening socket closes, so any
     * later connection is refused and a service proxy tries another endpoint, and the requests
     * already accepted get their answers for up to {@code grace} (whole seconds).
     */
    public void drain(java.time.Duration keepServing, java.time.Duration grace) throws InterruptedException {
        ready.set(false);
        Thread.sleep(keepServing);
        server.stop((int) Math.max(1, (grace.toMillis() + 999) / 1000));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
