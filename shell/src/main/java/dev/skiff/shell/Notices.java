package dev.skiff.shell;

import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Event;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectReference;
import dev.skiff.api.Pod;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * Live notices above the prompt: nodes going NotReady and coming back, containers starting to
 * crash-loop or being OOM-killed, and every chaos monkey action (Events whose reason starts with
 * {@value #MONKEY_REASONS}), and chaos faults as they are injected, end or are refused. Only changes after the first listing are announced, so opening the
 * prompt does not replay history.
 */
public final class Notices {

    static final String MONKEY_REASONS = "Monkey";
    /** What a fault's controller records as it starts (per target), ends, or will not run. */
    static final java.util.Set<String> FAULT_REASONS = java.util.Set.of("Injected", "Ended", "Refused");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Consumer<String> sink;
    private final Clock clock;

    public Notices(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public Notices watch(ClusterCache cache) {
        return watch(cache, null);
    }

    /**
     * Also announces, once the node list is in, every node Ready by then that is not in
     * {@code readyBefore} (what the banner said): notices may start a while after the prompt, and a
     * local cluster's nodes often join in between. Null: nodes already there are not news.
     */
    public Notices watch(ClusterCache cache, java.util.Set<String> readyBefore) {
        Informer<Node> nodes = cache.informer(Node.class);
        java.util.Set<String> announcedReady = java.util.concurrent.ConcurrentHashMap.newKeySet();
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node n) {
                if (!nodes.hasSynced()) return;
                if (n.ready()) announcedReady.add(n.name());
                say(AttributedStyle.GREEN, "node " + n.name() + " joined" + (n.ready() ? " and is Ready" : ""));
            }

            @Override
            public void onUpdate(Node before, Node after) {
                if (before.ready() == after.ready()) return;
                if (!after.ready()) {
                    announcedReady.remove(after.name());
                    say(AttributedStyle.RED, "node " + after.name() + " is NotReady");
                } else if (announcedReady.add(after.name())) {
                    say(AttributedStyle.GREEN, "node " + after.name() + " is Ready");
                }
            }

            @Override
            public void onDelete(Node n) {
                announcedReady.remove(n.name());
                say(AttributedStyle.YELLOW, "node " + n.name() + " was removed");
            }
        });
        if (readyBefore != null) {
            Thread.ofVirtual().name("notices-catch-up").start(() -> {
                if (!nodes.awaitSynced(java.time.Duration.ofMinutes(1))) return;
                for (Node n : nodes.list()) {
                    if (n.ready() && !readyBefore.contains(n.name()) && announcedReady.add(n.name())) {
                        say(AttributedStyle.GREEN, "node " + n.name() + " joined and is Ready");
                    }
                }
            });
        }
        Informer<Pod> pods = cache.informer(Pod.class);
        pods.addHandler(new ResourceHandler<>() {
            @Override
            public void onUpdate(Pod before, Pod after) {
                if (!pods.hasSynced() || after.status() == null) return;
                for (ContainerStatus c : after.status().containerStatusesOrEmpty()) {
                    String now = reason(c);
                    String was = before.status() == null ? null : before.status().containerStatusesOrEmpty().stream()
                            .filter(x -> x.name().equals(c.name())).findFirst().map(Notices::reason).orElse(null);
                    if (Objects.equals(now, was)) continue;
                    if ("CrashLoopBackOff".equals(now) || "OOMKilled".equals(now) || "ImagePullBackOff".equals(now)) {
                        say(AttributedStyle.RED, "pod " + after.namespace() + "/" + after.name() + " container " + c.name()
                                + ": " + now + " (restarts: " + (c.restartCount() == null ? 0 : c.restartCount()) + ")");
                    }
                }
            }
        });
        watchEvents(cache.informer(Event.class));
        return this;
    }

    /** Monkey events: a new one, or a repeat of one (its count goes up). */
    private void watchEvents(Informer<Event> events) {
        events.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Event e) {
                if (events.hasSynced()) announce(e);
            }

            @Override
            public void onUpdate(Event before, Event after) {
                if (!Objects.equals(before.count(), after.count())) announce(after);
            }
        });
    }

    private void announce(Event e) {
        if (e.reason() == null || e.involvedObject() == null) return;
        ObjectReference o = e.involvedObject();
        if (isFault(o) && FAULT_REASONS.contains(e.reason())) {
            // faults started and ended anywhere (a script, a scenario, another terminal, a --for that ran out)
            int colour = "Refused".equals(e.reason()) ? AttributedStyle.RED : AttributedStyle.MAGENTA;
            String ref = o.kind().toLowerCase(java.util.Locale.ROOT) + "/" + o.name();
            say(colour, "fault " + ref + " " + e.reason().toLowerCase(java.util.Locale.ROOT) + ": " + e.message());
            return;
        }
        if (!e.reason().startsWith(MONKEY_REASONS)) return;
        int colour = "Warning".equals(e.type()) ? AttributedStyle.RED
                : "MonkeyKill".equals(e.reason()) ? AttributedStyle.YELLOW : AttributedStyle.CYAN;
        say(colour, e.reason() + " " + o.kind().toLowerCase(java.util.Locale.ROOT) + "/"
                + o.namespace() + "/" + o.name() + ": " + e.message());
    }

    private static boolean isFault(ObjectReference o) {
        return o.apiVersion() != null && o.apiVersion().startsWith(ChaosKinds.GROUP + "/")
                && !ChaosKinds.CHAOS_MONKEY.kind().equals(o.kind());
    }

    /** Announces anything else (chaos faults starting and ending, say). */
    public void say(int colour, String text) {
        String line = "[" + LocalTime.now(clock).format(TIME) + "] " + text;
        sink.accept(new AttributedString(line, AttributedStyle.DEFAULT.foreground(colour)).toAnsi());
    }

    private static String reason(ContainerStatus c) {
        if (c.state() == null) return null;
        if (c.state().waiting() != null) return c.state().waiting().reason();
        if (c.state().terminated() != null) return c.state().terminated().reason();
        return c.state().running() != null ? "Running" : null;
    }
}
