package dev.skiff.cli;

import dev.skiff.demo.DemoApp;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo-app", description = {"A small HTTP app for workshops and tests (kuard-like): / names the pod, node and version;",
        "/healthz, /readyz, /fail/liveness, /fail/readiness, /recover/liveness, /recover/readiness, /slow?ms=, /env, /exit?code=.",
        "Listens on $PORT (8080 when unset)."})
public final class DemoAppCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Well under a pod's default 30 s grace period; a request to this app takes milliseconds. */
    static final java.time.Duration DRAIN_GRACE = java.time.Duration.ofSeconds(5);

    @Option(names = "--shutdown-delay", paramLabel = "DURATION", defaultValue = "2s",
            description = "On SIGTERM, keep answering this long before closing the port, so every service proxy has seen "
                    + "the pod leave its Endpoints (default: ${DEFAULT-VALUE}; 0 closes at once).")
    String shutdownDelay;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: $PORT, else 8080).")
    Integer port;

    @Option(names = "--address", paramLabel = "IP", description = "Address to listen on (default: every address).")
    String address;

    @Override
    public Integer call() throws InterruptedException {
        int p = port != null ? port : portFromEnv();
        java.time.Duration delay = GoDuration.parse("--shutdown-delay", shutdownDelay);
        InetSocketAddress at = address == null ? new InetSocketAddress(p) : new InetSocketAddress(address, p);
        DemoApp app = DemoApp.start(at, DemoApp.Identity.fromEnv(System.getenv(), VersionCommand.version()),
                System.getenv(), System::exit);
        // SIGTERM (a pod being deleted): serve a little longer, stop accepting, finish what was accepted, exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.drain(delay, DRAIN_GRACE);
            } catch (InterruptedException e) {
                app.close();
            }
        }, "demo-app-drain"));
        spec.commandLine().getOut().println("demo-app listening on " + at.getHostString() + ":" + app.port());
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await(); // serve until killed
        return 0;
    }

    private static int portFromEnv() {
        String env = System.getenv("PORT");
        if (env == null || env.isBlank()) return 8080;
        try {
            return Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw new UserError("PORT=" + env + " is not a port number: set PORT to a number such as 8080");
        }
    }
}
