package dev.skiff.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.agent.http.AgentApiClient;
import dev.skiff.api.ManifestException;
import dev.skiff.api.Pod;
import dev.skiff.api.Json;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Manifest;
import dev.skiff.api.Manifests;
import dev.skiff.api.Resource;
import dev.skiff.api.Service;
import dev.skiff.api.ServicePort;
import dev.skiff.client.Apply;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.scenario.RunControl;
import dev.skiff.scenario.Scenario;
import dev.skiff.scenario.ScenarioParser;
import dev.skiff.scenario.ScenarioRunner;

/**
 * The Java half of the script API; the prelude wraps it into {@code cluster}, {@code deploy},
 * {@code pods()} and the rest. Resources cross as JSON text (parsed into plain objects on the JS
 * side), so scripts see exactly Kubernetes' shape and no Java type ever leaks into a script.
 */
public final class HostApi {
    private final Supplier<Client> client;
    private final Supplier<String> namespace;
    private final EventLoop loop;
    private final JsSession.Options options;
    private final NodeFaults faults = new NodeFaults();
    private HttpClient http; // made on first use: it starts threads, and most sessions never need it

    HostApi(JsSession.Options options, EventLoop loop) {
        this.client = options.client();
        this.namespace = options.namespace();
        this.loop = loop;
        this.options = options;
    }

    private static KindInfo kind(String name) {
        return Kinds.resolve(name).orElseThrow(() -> new IllegalArgumentException("unknown kind \"" + name + "\""
                + Kinds.suggest(name).stream().findFirst().map(s -> ": did you mean " + s + "?").orElse("")
                + " (api-resources lists them)"));
    }

    private String ns(KindInfo kind, String given) {
        if (!kind.namespaced()) return null;
        if ("*".equals(given)) return null;
        return given == null || given.isEmpty() ? namespace.get() : given;
    }

    @HostAccess.Export
    public String namespace() {
        return namespace.get();
    }

    @HostAccess.Export
    public String args() {
        // by hand: loading Jackson here would cost the prompt's first evaluation a good part of a second
        StringBuilder sb = new StringBuilder("[");
        for (String a : options.args()) {
            if (sb.length() > 1) sb.append(',');
            sb.append(JsSession.jsString(a));
        }
        return sb.append(']').toString();
    }

    private synchronized HttpClient http() {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http;
    }

    /** Applies YAML or JSON (one object, a list, or several documents); returns the objects as stored. */
    @HostAccess.Export
    public String apply(String text, String ns) {
        List<Manifest> manifests;
        try {
            manifests = Manifests.parse(placed(text, ns == null || ns.isEmpty() ? namespace.get() : ns), "<script>");
        } catch (ManifestException e) {
            // YAML written by the caller: report with its own line numbers (objects have none to keep)
            if (!text.stripLeading().startsWith("[")) Manifests.parse(text, "<script>");
            throw e;
        }
        List<Resource> objects = manifests.stream().map(Manifest::resource).toList();
        List<Map<String, Object>> out = new ArrayList<>();
        Client c = client.get();
        for (Apply.Outcome o : new Apply(c).apply(objects, false)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("action", o.action().word());
            Resource r = o.object();
            one.put("object", c.get(r.getClass(), r.namespace(), r.name()).map(x -> (Object) x).orElse(r));
            out.add(one);
        }
        return Json.toJson(out);
    }

    /**
     * The documents (YAML, JSON, or a JSON array of objects) as YAML documents, with {@code ns}
     * filled in where a namespaced object names no namespace (as kubectl's -n does).
     */
    private static String placed(String text, String ns) {
        List<String> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.yaml().readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isMissingNode() || doc.isNull()) continue;
                for (JsonNode one : doc.isArray() ? doc : List.of(doc)) docs.add(Json.toYaml(place(one, ns)).replaceFirst("^---[ \\t]*\\n", ""));
            }
        } catch (IOException | RuntimeException e) {
            return text; // not readable here: let the manifest parser say what is wrong, and where
        }
        return String.join("---\n", docs);
    }

    private static JsonNode place(JsonNode doc, String ns) {
        if (doc instanceof ObjectNode o && o.path("metadata") instanceof ObjectNode meta && !meta.hasNonNull("namespace")
                && Kinds.ofKind(o.path("apiVersion").asText(), o.path("kind").asText()).map(KindInfo::namespaced).orElse(false)) {
            meta.put("namespace", ns);
        }
        return doc;
    }

    @HostAccess.Export
    public String get(String kindName, String name, String ns) {
        KindInfo k = kind(kindName);
        return client.get().get(k.type(), ns(k, ns), name).map(Json::toJson).orElse(null);
    }

    @HostAccess.Export
    public String list(String kindName, String ns, String selector) {
        KindInfo k = kind(kindName);
        LabelSelector sel = selector == null || selector.isBlank() ? null : LabelSelector.parse(selector);
        return Json.toJson(client.get().list(k.type(), ns(k, ns), sel).items());
    }

    @HostAccess.Export
    public String delete(String kindName, String name, String ns, double graceSeconds) {
        KindInfo k = kind(kindName);
        DeleteOptions opts = DeleteOptions.DEFAULT.withGracePeriod(graceSeconds < 0 ? null : (long) graceSeconds);
        return client.get().delete(k.type(), ns(k, ns), name, opts).map(Json::toJson).orElse(null);
    }

    @HostAccess.Export
    public String scale(String kindName, String name, String ns, int replicas) {
        KindInfo k = kind(kindName);
        if (!List.of("Deployment", "ReplicaSet").contains(k.kind())) {
            throw new IllegalArgumentException(k.plural() + " cannot be scaled: scale deployments or replicasets");
        }
        if (replicas < 0) throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
        return Json.toJson(scaled(k.type(), ns(k, ns), name, replicas));
    }

    private <T extends Resource> T scaled(Class<T> type, String ns, String name, int replicas) {
        return client.get().modify(type, ns, name, x -> withReplicas(x, replicas));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Resource> T withReplicas(T r, int replicas) {
        ObjectNode tree = (ObjectNode) Json.toTree(r);
        ((ObjectNode) tree.with("spec")).put("replicas", replicas);
        return (T) Json.fromTree(tree, r.getClass());
    }

    /** Calls {@code callback(type, objectJson)} on the loop for every change, starting with what exists. */
    @HostAccess.Export
    public Stoppable watch(String kindName, String ns, String selector, Value callback) {
        KindInfo k = kind(kindName);
        LabelSelector sel = selector == null || selector.isBlank() ? null : LabelSelector.parse(selector);
        return watch(k.type(), ns(k, ns), sel, callback);
    }

    private <T extends Resource> Stoppable watch(Class<T> type, String ns, LabelSelector sel, Value callback) {
        Informer<T> informer = new Informer<>(client.get(), type, ns);
        informer.addHandler(new ResourceHandler<T>() {
            private void emit(String event, T r) {
                if (sel != null && !sel.matches(r.metadata().labelsOrEmpty())) return;
                String json = Json.toJson(r);
                loop.post(() -> callback.execute(event, json));
            }

            @Override
            public void onAdd(T r) {
                emit("ADDED", r);
            }

            @Override
            public void onUpdate(T before, T after) {
                emit("MODIFIED", after);
            }

            @Override
            public void onDelete(T r) {
                emit("DELETED", r);
            }
        });
        informer.start();
        return new Stoppable(informer::close);
    }

    // ---- pods' logs and exec: the node agent's API, the same calls as the logs and exec verbs

    /** Resolves to the container's log text (null container = the pod's first; tail < 0 = all lines). */
    @HostAccess.Export
    public JsPromise podLogs(String pod, String ns, String container, double tail) {
        String n = ns == null || ns.isEmpty() ? namespace.get() : ns;
        var query = new AgentApiClient.LogQuery(container == null || container.isEmpty() ? null : container, false,
                tail < 0 ? null : (int) tail, null, false, false);
        return JsPromise.of(loop, background(() -> {
            StringBuilder text = new StringBuilder();
            agentOf(n, pod).logs(n, pod, query, line -> text.append(line).append('\n'));
            return text.toString();
        }), v -> v);
    }

    /** Resolves to {@code {exitCode, stdout, stderr}} (JSON text) of {@code commandJson} run in the container. */
    @HostAccess.Export
    public JsPromise podExec(String pod, String ns, String container, String commandJson, double timeoutMs) {
        String n = ns == null || ns.isEmpty() ? namespace.get() : ns;
        List<String> command = List.of(Json.fromJson(commandJson, String[].class));
        if (command.isEmpty()) throw new IllegalArgumentException("exec needs a command, e.g. cluster.exec(pod, \"ls -l\")");
        Duration timeout = Duration.ofMillis(timeoutMs > 0 ? (long) timeoutMs : Duration.ofMinutes(5).toMillis());
        return JsPromise.of(loop, background(() -> Json.toJson(agentOf(n, pod)
                .exec(n, pod, container == null || container.isEmpty() ? null : container, command, timeout))), v -> v);
    }

    private AgentApiClient agentOf(String ns, String pod) {
        Client c = client.get();
        Pod p = c.get(Pod.class, ns, pod).orElseThrow(() ->
                new IllegalArgumentException("pods \"" + pod + "\" not found in namespace " + ns));
        return AgentApiClient.forPod(c, p);
    }

    /** Blocking work (the agent's HTTP API) on a virtual thread, never on the loop. */
    private static <T> CompletableFuture<T> background(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name("js-host").start(() -> {
            try {
                f.complete(work.run());
            } catch (InterruptedException e) {
                f.completeExceptionally(new IllegalStateException("interrupted"));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private interface Work<T> {
        T run() throws InterruptedException;
    }

    // ---- node faults

    /**
     * A node-down NodeChaos on {@code nodesJson} (names) for {@code duration} (Go style, "30s"),
     * hung on a chaos lease this session keeps alive until the fault ends, so a session that dies
     * leaves no node down. Returns the fault as created.
     */
    @HostAccess.Export
    public String killNodes(String nodesJson, String duration) {
        List<String> names = List.of(Json.fromJson(nodesJson, String[].class));
        if (names.isEmpty()) throw new IllegalArgumentException("no nodes to kill: the selection is empty");
        return Json.toJson(faults.nodeDown(client.get(), namespace.get(), names, duration));
    }

    /** Releases what the session holds (chaos leases: faults still running end now). */
    void close() {
        faults.close();
    }

    /** A Promise of nothing, resolved after {@code ms}. */
    @HostAccess.Export
    public JsPromise sleep(double ms) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        loop.schedule(Math.max(0, (long) ms), 0, () -> f.complete(null));
        return JsPromise.of(loop, f, v -> null);
    }

    /** Runs {@code fn} on the loop after {@code ms}, and every {@code ms} after that when {@code repeat}. */
    @HostAccess.Export
    public Stoppable timer(double ms, boolean repeat, Value fn) {
        long delay = Math.max(repeat ? 1 : 0, (long) ms);
        ScheduledFuture<?> f = loop.schedule(delay, repeat ? delay : 0, () -> fn.execute());
        return new Stoppable(() -> f.cancel(false));
    }

    /** GET {@code url}; resolves to {@code {status, body, headers, ms}} as JSON text, or rejects. */
    @HostAccess.Export
    public JsPromise httpGet(String url, double timeoutMs) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET()
                .timeout(Duration.ofMillis(timeoutMs > 0 ? (long) timeoutMs : 10_000)).build();
        long start = System.nanoTime();
        CompletableFuture<String> f = http().sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", r.statusCode());
            out.put("ok", r.statusCode() >= 200 && r.statusCode() < 400);
            out.put("body", r.body());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((h, v) -> headers.put(h, String.join(", ", v)));
            out.put("headers", headers);
            out.put("ms", (System.nanoTime() - start) / 1e6);
            return Json.toJson(out);
        }).exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e;
            throw new IllegalStateException("GET " + url + " failed: " + HostErrors.message(cause), cause);
        });
        return JsPromise.of(loop, f, v -> v);
    }

    /** {@code http://clusterIP:port} of a service, for {@code http.get("svc/NAME[:PORT]/path")}. */
    @HostAccess.Export
    public String serviceUrl(String name, String ns, String port) {
        Service svc = client.get().require(Service.class, ns == null || ns.isEmpty() ? namespace.get() : ns, name);
        String ip = svc.spec().clusterIP();
        if (ip == null || ip.isEmpty() || "None".equals(ip)) {
            throw new IllegalArgumentException("service " + name + " has no cluster IP (headless?): address a pod instead");
        }
        List<ServicePort> ports = svc.spec().ports();
        ServicePort chosen = ports.stream()
                .filter(p -> port == null || port.isEmpty() || port.equals(p.name()) || port.equals(String.valueOf(p.port())))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("service " + name + " has no port " + port));
        return "http://" + ip + ":" + chosen.port();
    }

    /**
     * Runs a scenario (Chaos Toolkit's shape as JSON, built by skiff/chaos) on the Java runner, off
     * the loop; {@code predicates[i]} are the script's js probes, called back on the loop. Resolves
     * to the journal as JSON text.
     */
    @HostAccess.Export
    public JsPromise runScenario(String json, Value predicates, Value onProgress) {
        Scenario scenario = ScenarioParser.parse(json, "<scenario>", namespace.get(), i -> {
            Value fn = predicates.getArrayElement(i); // read here, on the loop: the runner's thread may not touch JS
            return () -> callPredicate(fn);
        });
        Client c = client.get();
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("scenario").start(() -> {
            try {
                ScenarioRunner runner = new ScenarioRunner(c, java.time.Clock.systemUTC(),
                        line -> loop.post(() -> onProgress.execute(line)), ChaosLease.DEFAULT_TTL);
                f.complete(Json.toJson(runner.run(scenario, new RunControl())));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return JsPromise.of(loop, f, v -> v);
    }

    /** Calls a JS predicate on the loop and waits for its value (awaiting a returned promise). */
    private Object callPredicate(Value fn) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        loop.post(() -> {
            try {
                Value v = fn.execute();
                if (v != null && v.hasMember("then") && v.getMember("then").canExecute()) {
                    v.invokeMember("then", (ProxyExecutable) a -> result.complete(plain(a.length == 0 ? null : a[0])),
                            (ProxyExecutable) a -> result.completeExceptionally(new IllegalStateException(
                                    a.length == 0 ? "rejected" : String.valueOf(a[0]))));
                } else {
                    result.complete(plain(v));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return;
        });
        try {
            return result.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** A JS value as Java's plain types (the journal's JSON), read on the loop thread. */
    private static Object plain(Value v) {
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.asBoolean();
        if (v.isNumber()) return v.fitsInLong() ? (Object) v.asLong() : v.asDouble();
        if (v.isString()) return v.asString();
        return v.toString();
    }

    // ---- host IO, only with --allow-host-io

    private void requireHostIo(String what) {
        if (!options.allowHostIo()) {
            throw new SecurityException(what + " is not allowed: run skiff with --allow-host-io to let scripts use files and processes");
        }
    }

    @HostAccess.Export
    public String readFile(String path) throws IOException {
        requireHostIo("reading " + path);
        return Files.readString(options.workDir().resolve(path));
    }

    @HostAccess.Export
    public void writeFile(String path, String text) throws IOException {
        requireHostIo("writing " + path);
        Files.writeString(options.workDir().resolve(path), text);
    }

    /** Runs a command to completion; returns {@code {code, stdout, stderr}} as JSON text. */
    @HostAccess.Export
    public String exec(String commandJson) throws IOException, InterruptedException {
        requireHostIo("running a process");
        List<String> cmd = List.of(Json.fromJson(commandJson, String[].class));
        Process p = new ProcessBuilder(cmd).directory(options.workDir().toFile()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        int code = p.waitFor();
        return Json.toJson(Map.of("code", code, "stdout", out, "stderr", err.join()));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The message of a Java failure caught by the prelude, so it can rethrow a JS Error with a JS stack. */
    @HostAccess.Export
    public String messageOf(Value error) {
        if (error != null && error.isHostObject() && error.asHostObject() instanceof Throwable t) return HostErrors.message(t);
        if (error != null && error.isException()) {
            try {
                error.throwException();
            } catch (org.graalvm.polyglot.PolyglotException e) {
                if (e.isHostException()) return HostErrors.message(e.asHostException());
                return e.getMessage();
            }
        }
        return null;
    }

    /** A handle a script can stop (a watch, a timer). */
    public static final class Stoppable {
        private final Runnable stop;

        Stoppable(Runnable stop) {
            this.stop = stop;
        }

        @HostAccess.Export
        public void stop() {
            stop.run();
        }
    }
}
