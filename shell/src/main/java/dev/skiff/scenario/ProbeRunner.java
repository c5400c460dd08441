package dev.skiff.scenario;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import dev.skiff.controllers.replicaset.Pods;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Evaluates providers against the cluster and this machine; never throws for a failing probe. */
public final class ProbeRunner {

    /** A provider's value; {@code error} when it could not produce one. */
    public record Result(Object value, String error, Map<String, Object> details) {
    }

    private final Client client;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ProbeRunner(Client client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Runs the probe once (or, with {@code within}, until it holds or the time is up). */
    public Journal.ProbeOutcome evaluate(String name, Provider provider, Tolerance tolerance, Duration within,
                                         RunControl control) {
        Instant start = clock.instant();
        Instant deadline = within == null ? start : start.plus(within);
        while (true) {
            Result r = run(provider);
            boolean ok = r.error() == null && (tolerance == null || tolerance.accepts(r.value()));
            if (ok || !clock.instant().isBefore(deadline) || control.sleep(Duration.ofMillis(500))) {
                return new Journal.ProbeOutcome(name, provider.type(), r.value(), tolerance == null ? null : tolerance.describe(),
                        ok, r.error(), r.details(), start, clock.instant());
            }
        }
    }

    public Result run(Provider provider) {
        try {
            return switch (provider) {
                case Provider.Http h -> http(h);
                case Provider.Pods p -> pods(p);
                case Provider.Process p -> process(p);
                case Provider.Js j -> new Result(j.call().call(), null, null);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted", null);
        } catch (Exception e) {
            return new Result(null, e.getMessage() == null ? e.toString() : e.getMessage(), null);
        }
    }

    private Result pods(Provider.Pods p) {
        List<Pod> pods = client.list(Pod.class, p.namespace(), LabelSelector.parse(p.selector())).items();
        long n = pods.stream().filter(Pods::active).filter(x -> !p.ready() || Pods.ready(x)).count();
        return new Result(n, null, null);
    }

    private Result process(Provider.Process p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(p.command()).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!proc.waitFor(p.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            proc.destroyForcibly();
            return new Result(null, "timed out after " + p.timeout().toSeconds() + "s: " + String.join(" ", p.command()), null);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", proc.exitValue());
        v.put("stdout", out.join());
        return new Result(v, null, null);
    }

    /**
     * {@code rate} requests a second, each started on schedule whether or not the previous one
     * answered (an open-loop load, so a slow backend cannot hide behind fewer requests).
     */
    private Result http(Provider.Http h) throws InterruptedException {
        URI uri = ServiceTarget.is(h.target()) ? ServiceTarget.parse(h.target()).resolve(client, h.namespace()) : URI.create(h.target());
        int n = h.rate() == null ? 1 : Math.max(1, (int) Math.round(h.rate() * h.duration().toMillis() / 1000.0));
        long intervalNanos = h.rate() == null ? 0 : (long) (1e9 / h.rate());
        List<CompletableFuture<Answer>> sent = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = t0 + i * intervalNanos - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            long started = System.nanoTime();
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(h.timeout()).GET().build();
            sent.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> new Answer(ok(h, r, e), System.nanoTime() - started,
                            e != null ? noAnswer(e) : "status " + r.statusCode())));
        }
        long ok = 0;
        List<Double> latencies = new ArrayList<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        for (CompletableFuture<Answer> f : sent) {
            Answer r = f.join();
            if (r.ok()) ok++;
            latencies.add(r.nanos() / 1e6);
            if (!r.ok()) errors.merge(r.outcome(), 1, (a, b) -> (Integer) a + (Integer) b);
        }
        latencies.sort(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", uri.toString());
        details.put("requests", n);
        details.put("ok", ok);
        details.put("p50Ms", round(percentile(latencies, 50)));
        details.put("p99Ms", round(percentile(latencies, 99)));
        if (!errors.isEmpty()) details.put("errors", errors);
        return new Result((double) ok / n, null, details);
    }

    /** One request's fate: {@code outcome} is its status or why nothing came back. */
    private record Answer(boolean ok, long nanos, String outcome) {}

    /**
     * "no answer", the cause's kind and what it said (refused, reset, closed before the headers…): a
     * probe that fails only says something useful when it says how. Addresses and ports are cut from
     * the message, so failures of one kind add up under one key.
     */
    static String noAnswer(Throwable e) {
        Throwable cause = e;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) cause = cause.getCause();
        String said = cause.getMessage() == null ? "" : ADDRESS.matcher(cause.getMessage()).replaceAll("").strip();
        if (said.length() > 80) said = said.substring(0, 80) + "…";
        return "no answer (" + cause.getClass().getSimpleName() + (said.isEmpty() ? "" : ": " + said) + ")";
    }

    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("\\S*\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\S*|\\S*:\\d{2,5}\\b");

    private static boolean ok(Provider.Http h, HttpResponse<?> r, Throwable e) {
        if (e != null) return false;
        return h.expectStatus() == null ? r.statusCode() >= 200 && r.statusCode() < 400 : r.statusCode() == h.expectStatus();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, i)));
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
