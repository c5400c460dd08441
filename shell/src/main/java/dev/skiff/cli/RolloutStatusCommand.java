package dev.skiff.cli;

import dev.skiff.api.Condition;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentStatus;
import dev.skiff.client.Client;
import dev.skiff.client.ResourceEvent;
import dev.skiff.controllers.deployment.RolloutStatus;
import dev.skiff.output.Tty;
import dev.skiff.store.Store;
import dev.skiff.store.Watch;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollout status}: waits for a deployment's rollout, saying what it waits for in kubectl's
 * words (or as a progress bar on a terminal). Fails when the progress deadline passes, or after
 * {@code --timeout}; Ctrl-C (an interrupt) stops waiting.
 */
@Command(name = "status", description = "Wait for a deployment's rollout to finish, showing its progress.")
final class RolloutStatusCommand extends RolloutCommand.Target {
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0",
            description = "How long to wait, e.g. 90s or 5m (default: 0, for ever).")
    String timeout;

    @Option(names = {"-w", "--watch"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait for the rollout (default); --no-watch reports once.")
    boolean watch = true;

    /** Where the rollout stands: finished, failed, or a line saying what it waits for. */
    sealed interface Progress {
        record Done(String message) implements Progress {}
        record Failed(String message) implements Progress {}
        record Waiting(String message, int available, int desired) implements Progress {}
    }

    /** kubectl's DeploymentStatusViewer, case for case. */
    static Progress progress(Deployment d) {
        DeploymentStatus s = d.status();
        long generation = d.metadata().generation() == null ? 0 : d.metadata().generation();
        int desired = d.spec().replicas() == null ? 1 : d.spec().replicas();
        if (s == null || s.observedGeneration() == null || s.observedGeneration() < generation) {
            return new Progress.Waiting("Waiting for deployment spec update to be observed...", 0, desired);
        }
        Condition p = s.conditions() == null ? null
                : s.conditions().stream().filter(c -> RolloutStatus.PROGRESSING.equals(c.type())).findFirst().orElse(null);
        if (p != null && RolloutStatus.DEADLINE_EXCEEDED.equals(p.reason())) {
            return new Progress.Failed("deployment \"" + d.name() + "\" exceeded its progress deadline");
        }
        int updated = orZero(s.updatedReplicas());
        int replicas = orZero(s.replicas());
        int available = orZero(s.availableReplicas());
        String waiting = "Waiting for deployment \"" + d.name() + "\" rollout to finish: ";
        if (updated < desired) {
            return new Progress.Waiting(waiting + updated + " out of " + desired + " new replicas have been updated...", available, desired);
        }
        if (replicas > updated) {
            return new Progress.Waiting(waiting + (replicas - updated) + " old replicas are pending termination...", available, desired);
        }
        if (available < updated) {
            return new Progress.Waiting(waiting + available + " of " + updated + " updated replicas are available...", available, desired);
        }
        return new Progress.Done("deployment \"" + d.name() + "\" successfully rolled out");
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    public Integer call() {
        Duration limit = GoDuration.parse("--timeout", timeout);
        List<String> names = deployments();
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            for (String name : names) {
                int code = await(client, name, limit);
                if (code != 0) return code;
            }
        }
        return 0;
    }

    @Override
    void act(Client client, String name, PrintWriter out) {
        throw new IllegalStateException("status waits in call()");
    }

    private int await(Client client, String name, Duration limit) {
        PrintWriter out = spec.commandLine().getOut();
        ProgressView view = Tty.stdoutIsTerminal() ? new ProgressView.Bar(out) : new ProgressView.Lines(out);
        Instant deadline = limit.isZero() ? Instant.MAX : Instant.now().plus(limit);
        BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
        long from = client.list(Deployment.class, ns()).revision();
        Deployment d = client.require(Deployment.class, ns(), name);
        try (Watch w = client.watch(Deployment.class, ns(), from + 1, changes::add, changes::add)) {
            while (true) {
                switch (progress(d)) {
                    case Progress.Done done -> {
                        view.finish(done.message());
                        return 0;
                    }
                    case Progress.Failed failed -> {
                        view.finish(null);
                        spec.commandLine().getErr().println("error: " + failed.message());
                        return 1;
                    }
                    case Progress.Waiting waiting -> view.show(waiting);
                }
                if (!watch) return 0;
                d = next(changes, name, d, deadline);
                if (d == null) {
                    view.finish(null);
                    spec.commandLine().getErr().println("error: timed out waiting for the condition");
                    return 1;
                }
            }
        } catch (InterruptedException e) {
            view.finish(null);
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The deployment's next state, or null when the deadline passes first. */
    private static Deployment next(BlockingQueue<Object> changes, String name, Deployment current, Instant deadline)
            throws InterruptedException {
        while (true) {
            long wait = deadline == Instant.MAX ? Long.MAX_VALUE : Duration.between(Instant.now(), deadline).toMillis();
            if (wait <= 0) return null;
            Object o = changes.poll(wait, TimeUnit.MILLISECONDS);
            if (o == null) return null;
            if (o instanceof RuntimeException e) throw e;
            if (o instanceof ResourceEvent<?> e && e.object().name().equals(name)) {
                if (e instanceof ResourceEvent.Deleted<?>) {
                    throw new UserError("deployment \"" + name + "\" was deleted while waiting for its rollout");
                }
                return (Deployment) e.object();
            }
        }
    }

    /** How waiting shows: kubectl's lines (each once) when piped, a redrawn bar on a terminal. */
    sealed interface ProgressView {
        void show(Progress.Waiting w);

        /** Ends the view; {@code message} (if any) is the last line. */
        void finish(String message);

        final class Lines implements ProgressView {
            private final PrintWriter out;
            private String last;

            Lines(PrintWriter out) {
                this.out = out;
            }

            public void show(Progress.Waiting w) {
                if (w.message().equals(last)) return;
                last = w.message();
                out.println(w.message());
                out.flush();
            }

            public void finish(String message) {
                if (message != null) out.println(message);
                out.flush();
            }
        }

        final class Bar implements ProgressView {
            private static final int WIDTH = 30;
            private final PrintWriter out;
            private boolean drawn;

            Bar(PrintWriter out) {
                this.out = out;
            }

            public void show(Progress.Waiting w) {
                int filled = w.desired() == 0 ? WIDTH : Math.min(WIDTH, WIDTH * w.available() / w.desired());
                String text = w.message().substring(w.message().indexOf(':') + 1).trim();
                out.print("\r\u001B[2K[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                        + w.available() + "/" + w.desired() + " available  " + text);
                out.flush();
                drawn = true;
            }

            public void finish(String message) {
                if (drawn) out.print("\r\u001B[2K");
                if (message != null) out.println(message);
                out.flush();
            }
        }
    }
}
