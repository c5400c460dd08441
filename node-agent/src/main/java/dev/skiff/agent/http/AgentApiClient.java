package dev.skiff.agent.http;

import dev.skiff.agent.runtime.ExecResult;
import dev.skiff.api.Json;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAddress;
import dev.skiff.api.Pod;
import dev.skiff.client.Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Calls one node agent's API ({@link AgentApi}) for the shell: where the agent listens comes from
 * its Node (InternalIP and {@code status.daemonEndpoints.kubeletEndpoint.Port}), the token from
 * its Secret ({@link AgentToken}). Failures are {@link AgentApiException}s with a message for the user.
 */
public final class AgentApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    AgentApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A user-facing failure: the pod has no node, the agent is unreachable, the container is missing, … */
    public static final class AgentApiException extends RuntimeException {
        public AgentApiException(String message) {
            super(message);
        }
    }

    /** What to read: container null = the pod's first; tailLines and since null = all. */
    public record LogQuery(String container, boolean follow, Integer tailLines, Instant since, boolean previous,
                           boolean timestamps) {
        public static LogQuery all(String container) {
            return new LogQuery(container, false, null, null, false, false);
        }
    }

    /** The client of the agent that runs {@code pod}. */
    public static AgentApiClient forPod(Client client, Pod pod) {
        var node = pod.spec() == null ? null : pod.spec().nodeName();
        if (node == null || node.isEmpty()) {
            throw new AgentApiException("pod " + pod.namespace() + "/" + pod.name() + " is not scheduled to a node yet: "
                    + "it has no logs and cannot exec (see skiff describe pod " + pod.name() + ")");
        }
        return forNode(client, node);
    }

    public static AgentApiClient forNode(Client client, String nodeName) {
        var node = client.get(Node.class, null, nodeName).orElseThrow(() ->
                new AgentApiException("node " + nodeName + " does not exist (any more)"));
        var status = node.status();
        Integer port = status == null || status.daemonEndpoints() == null || status.daemonEndpoints().kubeletEndpoint() == null
                ? null : status.daemonEndpoints().kubeletEndpoint().port();
        var address = status == null || status.addresses() == null ? null : status.addresses().stream()
                .filter(a -> "InternalIP".equals(a.type())).map(NodeAddress::address).findFirst().orElse(null);
        if (port == null || address == null) {
            throw new AgentApiException("node " + nodeName + " publishes no agent API (status.daemonEndpoints): its agent "
                    + "is older than this shell or has not started yet");
        }
        var token = AgentToken.read(client, nodeName).orElseThrow(() -> new AgentApiException("the agent of node "
                + nodeName + " has no token in secret " + AgentToken.NAMESPACE + "/" + AgentToken.secretName(nodeName)
                + ": restart the agent to make one"));
        var host = address.contains(":") ? "[" + address + "]" : address;
        return new AgentApiClient(URI.create("http://" + host + ":" + port), token);
    }

    /**
     * Hands each log line to {@code lines} until the logs end (or, following, until the container
     * exits). An interrupt of the calling thread stops a follow at once (Ctrl-C at the prompt).
     */
    public void logs(String namespace, String pod, LogQuery q, Consumer<String> lines) throws InterruptedException {
        var query = new StringJoiner("&");
        if (q.container() != null) query.add("container=" + enc(q.container()));
        if (q.follow()) query.add("follow=true");
        if (q.tailLines() != null) query.add("tailLines=" + q.tailLines());
        if (q.since() != null) query.add("sinceTime=" + enc(q.since().toString()));
        if (q.previous()) query.add("previous=true");
        if (q.timestamps()) query.add("timestamps=true");
        var request = request("/logs/" + enc(namespace) + "/" + enc(pod) + "?" + query).GET().build();
        var response = send(request);
        try (InputStream body = response.body()) {
            var reader = Thread.ofVirtual().name("logs-" + pod).start(() -> pump(body, lines));
            try {
                reader.join();
            } catch (InterruptedException e) {
                body.close(); // cancels the exchange; the reader ends on the closed stream
                reader.join(Duration.ofSeconds(2));
                throw e;
            }
        } catch (IOException e) {
            // closing a cancelled stream
        }
    }

    private static void pump(InputStream body, Consumer<String> lines) {
        try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) lines.accept(line);
        } catch (IOException e) {
            // the stream was closed (interrupt) or the agent went away
        }
    }

    /** Runs {@code command} in the container (null = the pod's first) and returns its outcome. */
    public ExecResult exec(String namespace, String pod, String container, List<String> command, Duration timeout)
            throws InterruptedException {
        var query = "timeoutSeconds=" + Math.max(1, timeout.toSeconds())
                + (container == null ? "" : "&container=" + enc(container));
        var body = Json.toJsonBytes(new AgentApi.ExecRequest(command));
        var request = request("/exec/" + enc(namespace) + "/" + enc(pod) + "?" + query)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var response = send(request);
        try (InputStream in = response.body()) {
            return Json.fromJson(in.readAllBytes(), ExecResult.class);
        } catch (IOException e) {
            throw new AgentApiException("the agent at " + base + " broke off: " + e.getMessage());
        }
    }

    /** Live CPU and memory of the node and of its containers, CPU measured over {@code window}. */
    public UsageStats.Stats stats(Duration window) throws InterruptedException {
        var response = send(request("/stats?windowMillis=" + window.toMillis()).GET().build());
        try (InputStream in = response.body()) {
            return Json.fromJson(in.readAllBytes(), UsageStats.Stats.class);
        } catch (IOException e) {
            throw new AgentApiException("the agent at " + base + " broke off: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AgentApiException("cannot reach the node agent at " + base + ": " + e.getMessage()
                    + " — is the node Ready (skiff get nodes)?");
        }
        if (response.statusCode() != 200) {
            String message;
            try (InputStream in = response.body()) {
                message = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                message = "HTTP " + response.statusCode();
            }
            throw new AgentApiException(message.isEmpty() ? "the agent answered HTTP " + response.statusCode() : message);
        }
        return response;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
