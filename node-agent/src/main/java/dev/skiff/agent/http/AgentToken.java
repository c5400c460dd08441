package dev.skiff.agent.http;

import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Secret;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token of one agent's API. It lives in the Secret {@code skiff-system/skiff-agent-<node>}
 * (key {@code token}): whoever may read the store may read it, which is exactly who may read pods'
 * secrets anyway. The agent makes it on first start and keeps it across restarts.
 */
public final class AgentToken {
    public static final String NAMESPACE = "skiff-system";
    public static final String KEY = "token";

    private AgentToken() {}

    public static String secretName(String node) {
        return "skiff-agent-" + node;
    }

    /** The token of {@code node}'s agent, made now when it has none. */
    public static String ensure(Client client, String node) {
        var existing = read(client, node);
        if (existing.isPresent()) return existing.get();
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        var token = HexFormat.of().formatHex(bytes);
        var secret = Secret.of(ObjectMeta.named(NAMESPACE, secretName(node))
                .withLabels(Map.of("skiff.dev/agent-token", node)), Map.of(KEY, token));
        try {
            client.create(secret);
            return token;
        } catch (ApiException.AlreadyExists raced) {
            return read(client, node).orElseThrow();
        }
    }

    /** The token, when the agent of {@code node} has made one. */
    public static Optional<String> read(Client client, String node) {
        return client.get(Secret.class, NAMESPACE, secretName(node)).flatMap(s -> s.decoded(KEY)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .or(() -> Optional.ofNullable(s.stringData()).map(d -> d.get(KEY))));
    }
}
