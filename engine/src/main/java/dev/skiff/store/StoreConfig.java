package dev.skiff.store;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the store is and how long to wait for it. {@link #parse} reads the CLI's {@code --server}
 * format: {@code host:port,host:port} or {@code http://host:port,...}.
 */
public record StoreConfig(List<URI> endpoints, Duration connectTimeout, Duration requestTimeout) {

    /**
     * How long a client waits for the store, the one default every CLI verb, agent and engine uses:
     * generous, because a loaded Raspberry Pi (or a busy CI box) can take seconds to answer. A closed
     * port is not waited for: the connection is refused at once and {@link EtcdStore#connect} says so.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public StoreConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) throw new IllegalArgumentException("no store endpoint given");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static StoreConfig of(List<URI> endpoints) {
        return new StoreConfig(endpoints, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public static StoreConfig parse(String servers) {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("empty --server: give host:port (e.g. 127.0.0.1:2379)");
        }
        return of(Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(StoreConfig::endpoint).toList());
    }

    /** The same timeout for connecting and for each request (kubectl's {@code --request-timeout}). */
    public StoreConfig withTimeout(Duration timeout) {
        return withTimeouts(timeout, timeout);
    }

    public StoreConfig withTimeouts(Duration connect, Duration request) {
        return new StoreConfig(endpoints, connect, request);
    }

    /** host:port for each endpoint, as shown in messages. */
    public List<String> addresses() {
        return endpoints.stream().map(u -> u.getHost() + ":" + u.getPort()).toList();
    }

    private static URI endpoint(String text) {
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw bad(text, "not a host:port");
        }
        if (!"http".equals(uri.getScheme())) throw bad(text, "only http:// is supported");
        if (uri.getHost() == null) throw bad(text, "no host");
        if (uri.getPort() < 1) throw bad(text, "no port");
        return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad store address '" + text + "': " + why
                + " — expected host:port or http://host:port, comma-separated");
    }
}
