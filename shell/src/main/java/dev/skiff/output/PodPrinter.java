package dev.skiff.output;

import dev.skiff.api.ContainerState;
import dev.skiff.api.ContainerStateTerminated;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.Pod;
import dev.skiff.api.PodIP;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pods as kubectl's {@code printPod} shows them: READY counts ready running containers, STATUS is
 * the most telling reason (an init step, a waiting or terminated container, Terminating), and
 * RESTARTS carries "(5m ago)" after the last restart.
 */
final class PodPrinter implements KindPrinter<Pod> {
    /** What the node controller writes when it gives up on an unreachable node's pod. */
    static final String NODE_LOST = "NodeLost";

    private static final List<Column> COLUMNS = List.of(Column.of("NAME"), Column.of("READY"),
            Column.status("STATUS"), Column.of("RESTARTS"), Column.of("AGE"), Column.wide("IP"),
            Column.wide("NODE"), Column.wide("NOMINATED NODE"), Column.wide("READINESS GATES"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> cells(Pod pod, Instant now, boolean wide) {
        Summary s = summarise(pod);
        String restarts = s.restarts != 0 && s.lastRestart != null
                ? s.restarts + " (" + Age.since(s.lastRestart, now) + " ago)" : Integer.toString(s.restarts);
        PodStatus st = pod.status();
        PodSpec spec = pod.spec();
        return List.of(pod.name(), s.ready + "/" + s.total, s.reason, restarts,
                Age.since(pod.metadata().creationTimestamp(), now),
                Cells.orNone(ip(st)), Cells.orNone(spec == null ? null : spec.nodeName()),
                Cells.orNone(st == null ? null : st.nominatedNodeName()), Cells.NONE);
    }

    /** The STATUS cell alone, for callers that want it (describe, notices). */
    static String status(Pod pod) {
        return summarise(pod).reason;
    }

    private static String ip(PodStatus st) {
        if (st == null) return null;
        if (st.podIPs() != null && !st.podIPs().isEmpty()) {
            PodIP first = st.podIPs().getFirst();
            if (first != null && first.ip() != null) return first.ip();
        }
        return st.podIP();
    }

    private static final class Summary {
        int ready;
        int total;
        int restarts;
        Instant lastRestart;
        String reason;

        void restarted(ContainerStatus c) {
            restarts += c.restartCount() == null ? 0 : c.restartCount();
            ContainerStateTerminated last = c.lastState() == null ? null : c.lastState().terminated();
            if (last != null && last.finishedAt() != null
                    && (lastRestart == null || last.finishedAt().isAfter(lastRestart))) {
                lastRestart = last.finishedAt();
            }
        }
    }

    private static Summary summarise(Pod pod) {
        PodStatus st = pod.status();
        PodSpec spec = pod.spec();
        Summary s = new Summary();
        s.total = spec == null ? 0 : spec.containersOrEmpty().size();
        PodPhase phase = st == null ? null : st.phase();
        s.reason = st != null && st.reason() != null && !st.reason().isEmpty() ? st.reason()
                : phase == null ? "" : phase.wire();
        boolean initializing = st != null && initContainers(st, spec, s);
        if (!initializing && st != null) containers(st, s);
        boolean terminal = phase == PodPhase.SUCCEEDED || phase == PodPhase.FAILED;
        if (pod.metadata().deletionTimestamp() != null) {
            if (st != null && NODE_LOST.equals(st.reason())) s.reason = "Unknown";
            else if (!terminal) s.reason = "Terminating";
        }
        return s;
    }

    /** True while an init container has not yet succeeded; the reason then says which and why. */
    private static boolean initContainers(PodStatus st, PodSpec spec, Summary s) {
        List<ContainerStatus> inits = st.initContainerStatuses() == null ? List.of() : st.initContainerStatuses();
        int declared = spec == null ? inits.size() : spec.initContainersOrEmpty().size();
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus c = inits.get(i);
            s.restarted(c);
            ContainerState state = c.state() == null ? new ContainerState(null, null, null) : c.state();
            ContainerStateTerminated t = state.terminated();
            if (t != null && (t.exitCode() == null || t.exitCode() == 0)) continue;
            if (t != null) {
                s.reason = t.reason() != null && !t.reason().isEmpty() ? "Init:" + t.reason()
                        : t.signal() != null && t.signal() != 0 ? "Init:Signal:" + t.signal()
                        : "Init:ExitCode:" + t.exitCode();
            } else if (state.waiting() != null && state.waiting().reason() != null
                    && !state.waiting().reason().isEmpty() && !"PodInitializing".equals(state.waiting().reason())) {
                s.reason = "Init:" + state.waiting().reason();
            } else {
                s.reason = "Init:" + i + "/" + declared;
            }
            return !initializedCondition(st);
        }
        return false;
    }

    private static boolean initializedCondition(PodStatus st) {
        return st.conditionsOrEmpty().stream().anyMatch(c -> "Initialized".equals(c.type()) && c.statusTrue());
    }

    /** Walks containers last to first, so the first container's state wins, as kubectl does. */
    private static void containers(PodStatus st, Summary s) {
        s.restarts = 0;
        s.lastRestart = null;
        boolean hasRunning = false;
        List<ContainerStatus> all = new ArrayList<>(st.containerStatusesOrEmpty());
        for (int i = all.size() - 1; i >= 0; i--) {
            ContainerStatus c = all.get(i);
            s.restarted(c);
            ContainerState state = c.state() == null ? new ContainerState(null, null, null) : c.state();
            ContainerStateTerminated t = state.terminated();
            if (state.waiting() != null && state.waiting().reason() != null && !state.waiting().reason().isEmpty()) {
                s.reason = state.waiting().reason();
            } else if (t != null && t.reason() != null && !t.reason().isEmpty()) {
                s.reason = t.reason();
            } else if (t != null) {
                s.reason = t.signal() != null && t.signal() != 0 ? "Signal:" + t.signal() : "ExitCode:" + t.exitCode();
            } else if (Boolean.TRUE.equals(c.ready()) && state.running() != null) {
                hasRunning = true;
                s.ready++;
            }
        }
        if ("Completed".equals(s.reason) && hasRunning) s.reason = st.ready() ? "Running" : "NotReady";
    }
}
