package dev.skiff.cli;

import dev.skiff.client.Client;
import dev.skiff.js.JsSession;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What skiff run and skiff test share: a JS session whose cluster connection opens on first use. */
final class ScriptHost implements AutoCloseable {
    private final ClusterOptions cluster;
    private Store store;
    private Client client;
    final JsSession js;

    ScriptHost(ClusterOptions cluster, boolean allowHostIo, String namespace, List<String> args, PrintWriter out) {
        this.cluster = cluster;
        Supplier<String> ns = () -> namespace != null ? namespace : Namespaces.current();
        this.js = JsSession.start(new JsSession.Options(Path.of("").toAbsolutePath(), allowHostIo, line -> {
            out.println(line);
            out.flush();
        }, this::client, ns, args, null));
    }

    private synchronized Client client() {
        if (client == null) {
            store = cluster.connect();
            client = ClusterOptions.client(store);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        js.close();
        if (store != null) store.close();
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    /** "30s", "5m", "500ms", "1h", or plain seconds; null stays null. */
    static Duration duration(String text, String flag) {
        if (text == null) return null;
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new UserError(flag + " takes a duration like 30s, 5m or 500ms, not \"" + text + "\"");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = (long) (n * switch (unit) {
            case "ms" -> 1;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1000;
        });
        return Duration.ofMillis(millis);
    }
}
