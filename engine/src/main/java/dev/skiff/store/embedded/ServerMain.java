package dev.skiff.store.embedded;

import java.nio.file.Path;

/**
 * Runs the embedded store as its own process: {@code --data-dir DIR --listen HOST:PORT}. Prints
 * one line {@code skiff-store listening on http://HOST:PORT} once it accepts connections.
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) {
        Path dataDir = null;
        String listen = "127.0.0.1:2379";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--listen" -> listen = value(args, ++i, "--listen");
                default -> usage("unknown option " + args[i]);
            }
        }
        if (dataDir == null) {
            usage("--data-dir is required");
        }
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            usage("--listen needs HOST:PORT, got " + listen);
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(listen.substring(colon + 1));
        EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dataDir, host, port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "skiff-store-shutdown"));
        System.out.println("skiff-store listening on " + server.endpoint());
        System.out.flush();
        server.awaitTermination();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("skiff-store: " + problem + "\nusage: ServerMain --data-dir DIR --listen HOST:PORT");
        System.exit(2);
    }
}
