package dev.skiff.agent.probe;

import dev.skiff.api.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** One attempt of a probe (httpGet, tcpSocket or exec), with Kubernetes' success rules. */
public final class Prober {
    private Prober() {}

    /** The outcome of one attempt; {@code message} says why it failed. */
    public record Outcome(boolean success, String message) {
        static Outcome ok() {
            return new Outcome(true, null);
        }

        static Outcome failed(String message) {
            return new Outcome(false, message);
        }
    }

    public static Outcome attempt(Probe probe, ProbeTarget target) {
        var timeout = Duration.ofSeconds(Math.max(1, probe.timeoutSeconds() == null ? 1 : probe.timeoutSeconds()));
        try {
            if (probe.httpGet() != null) return http(probe, target, timeout);
            if (probe.tcpSocket() != null) return tcp(probe, target, timeout);
            if (probe.exec() != null) return exec(probe, target, timeout);
            return Outcome.failed("the probe has no action");
        } catch (RuntimeException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private static Outcome http(Probe probe, ProbeTarget target, Duration timeout) {
        var get = probe.httpGet();
        String host = get.host() == null || get.host().isBlank() ? target.host() : get.host();
        String scheme = get.scheme() == null ? "http" : get.scheme().toLowerCase();
        String path = get.path() == null ? "/" : get.path();
        var url = scheme + "://" + host + ":" + target.port(get.port()) + (path.startsWith("/") ? path : "/" + path);
        try {
            var conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
            conn.setConnectTimeout((int) timeout.toMillis());
            conn.setReadTimeout((int) timeout.toMillis());
            conn.setInstanceFollowRedirects(false);
            conn.setRequestProperty("User-Agent", "skiff-probe/1.0");
            if (get.httpHeaders() != null) get.httpHeaders().forEach(h -> conn.setRequestProperty(h.name(), h.value()));
            int code = conn.getResponseCode();
            conn.disconnect();
            return code >= 200 && code < 400 ? Outcome.ok() : Outcome.failed("HTTP probe failed with statuscode: " + code);
        } catch (IOException e) {
            return Outcome.failed("Get \"" + url + "\": " + e.getMessage());
        }
    }

    private static Outcome tcp(Probe probe, ProbeTarget target, Duration timeout) {
        var tcp = probe.tcpSocket();
        String host = tcp.host() == null || tcp.host().isBlank() ? target.host() : tcp.host();
        int port = target.port(tcp.port());
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return Outcome.ok();
        } catch (IOException e) {
            return Outcome.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    private static Outcome exec(Probe probe, ProbeTarget target, Duration timeout) {
        var result = target.runtime().exec(target.handle(), probe.exec().command(), timeout);
        if (result.timedOut()) return Outcome.failed("command timed out after " + timeout.toSeconds() + "s");
        return result.exitCode() == 0 ? Outcome.ok()
                : Outcome.failed("command exited with " + result.exitCode() + ": " + (result.stdout() + result.stderr()).strip());
    }
}
