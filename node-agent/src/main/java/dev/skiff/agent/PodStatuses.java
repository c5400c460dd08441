package dev.skiff.agent;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.api.Condition;
import dev.skiff.api.Container;
import dev.skiff.api.ContainerState;
import dev.skiff.api.ContainerStateRunning;
import dev.skiff.api.ContainerStateTerminated;
import dev.skiff.api.ContainerStateWaiting;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.HostPortMapping;
import dev.skiff.api.Pod;
import dev.skiff.api.PodIP;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Protocol;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pod status the agent reports, computed from its records and the runtime (never from the old status). */
final class PodStatuses {
    private PodStatuses() {}

    static PodStatus build(AgentContext ctx, Pod pod, PodRecord record, Map<String, ContainerHealth> health,
                           Map<String, String> waiting, PodWorker.InitState init) {
        var initStatuses = new ArrayList<ContainerStatus>();
        var incomplete = new ArrayList<String>();
        for (var c : pod.spec().initContainers() == null ? List.<Container>of() : pod.spec().initContainers()) {
            var r = record.container(c.name());
            var info = r.current() == null ? null : ctx.runtime().inspect(r.current());
            var state = state(c, r, info, waiting.get(c.name()));
            if (!init.done() && r.current() == null && waiting.get(c.name()) == null) {
                state = new ContainerState(new ContainerStateWaiting("PodInitializing", null), null, null);
            }
            boolean succeeded = init.done() || state.terminated() != null && state.terminated().exitCode() == 0;
            if (!succeeded) incomplete.add(c.name());
            initStatuses.add(new ContainerStatus(c.name(), state, r.lastTerminated() == null ? null
                    : new ContainerState(null, null, r.lastTerminated()), succeeded, r.restartCount(), c.image(), null,
                    r.current() == null ? null : containerId(r.current()), info instanceof ContainerInfo.Running));
        }
        var statuses = new ArrayList<ContainerStatus>();
        boolean allReady = true;
        boolean allStarted = true;
        boolean allDone = true;
        boolean anyFailed = false;
        for (var c : pod.spec().containers()) {
            var r = record.container(c.name());
            var info = r.current() == null ? null : ctx.runtime().inspect(r.current());
            var h = health.get(c.name());
            boolean running = info instanceof ContainerInfo.Running;
            boolean ready = running && h != null && h.ready();
            var state = init.done() ? state(c, r, info, waiting.get(c.name()))
                    : new ContainerState(new ContainerStateWaiting("PodInitializing", null), null, null);
            allReady &= ready;
            allStarted &= r.current() != null || r.lastTerminated() != null;
            boolean finished = state.terminated() != null;
            allDone &= finished;
            anyFailed |= finished && state.terminated().exitCode() != 0;
            statuses.add(new ContainerStatus(c.name(), state, r.lastTerminated() == null ? null
                    : new ContainerState(null, null, r.lastTerminated()), ready, r.restartCount(), c.image(), null,
                    r.current() == null ? null : containerId(r.current()), running && h != null && h.started()));
        }
        var phase = init.failed() ? PodPhase.FAILED : !init.done() ? PodPhase.PENDING
                : allDone ? (anyFailed ? PodPhase.FAILED : PodPhase.SUCCEEDED)
                : allStarted ? PodPhase.RUNNING : PodPhase.PENDING;
        var now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        var notReady = allReady ? null : "ContainersNotReady";
        var conditions = List.of(
                Condition.of("PodScheduled", true, null, null, now),
                init.done() ? Condition.of("Initialized", true, null, null, now)
                        : Condition.of("Initialized", false, "ContainersNotInitialized",
                        "containers with incomplete status: [" + String.join(" ", incomplete) + "]", now),
                Condition.of("ContainersReady", allReady, notReady, null, now),
                Condition.of("Ready", allReady, notReady, null, now));
        var address = ctx.config().address();
        var hostPorts = new ArrayList<HostPortMapping>();
        for (var c : pod.spec().containers()) {
            for (var p : c.portsOrEmpty()) {
                Integer host = record.hostPorts().get(ContainerSpecs.portKey(c, p));
                if (host != null) hostPorts.add(new HostPortMapping(p.name(), p.containerPort(), host,
                        p.protocol() == null ? Protocol.TCP : p.protocol()));
            }
        }
        return new PodStatus(phase, conditions, null, null, null, address, address, List.of(new PodIP(address)),
                record.startTime(), initStatuses.isEmpty() ? null : initStatuses, statuses, hostPorts.isEmpty() ? null : hostPorts);
    }

    private static ContainerState state(Container c, PodRecord.ContainerRecord r, ContainerInfo info, String waiting) {
        if (info instanceof ContainerInfo.Running running) {
            return new ContainerState(null, new ContainerStateRunning(running.startedAt().truncatedTo(ChronoUnit.SECONDS)), null);
        }
        if (waiting != null) {
            int colon = waiting.indexOf(": ");
            return new ContainerState(new ContainerStateWaiting(waiting.substring(0, colon), waiting.substring(colon + 2)), null, null);
        }
        if (info instanceof ContainerInfo.Exited exited && r.restartAt() == null) {
            return new ContainerState(null, null, terminated(exited, r.current()));
        }
        return new ContainerState(new ContainerStateWaiting("ContainerCreating", null), null, null);
    }

    static ContainerStateTerminated terminated(ContainerInfo.Exited e, ContainerHandle h) {
        var s = e.status();
        int signal = s.code() > 128 ? s.code() - 128 : 0;
        return new ContainerStateTerminated(s.code(), signal == 0 ? null : signal, s.reason(), null,
                e.startedAt().truncatedTo(ChronoUnit.SECONDS),
                s.finishedAt() == null ? null : s.finishedAt().truncatedTo(ChronoUnit.SECONDS), containerId(h));
    }

    static String containerId(ContainerHandle h) {
        return h.runtime() + "://" + h.id();
    }

    /** Keeps each condition's transition time while its status stays the same, so an idle pod writes nothing. */
    static PodStatus keepTimes(PodStatus next, PodStatus old) {
        if (old == null) return next;
        var conditions = new ArrayList<Condition>();
        for (var c : next.conditionsOrEmpty()) {
            var before = old.conditionsOrEmpty().stream().filter(o -> o.type().equals(c.type())).findFirst();
            conditions.add(before.filter(o -> o.status().equals(c.status())).map(o -> new Condition(c.type(), c.status(),
                    c.reason(), c.message(), o.lastProbeTime(), o.lastHeartbeatTime(), o.lastUpdateTime(),
                    o.lastTransitionTime())).orElse(c));
        }
        return next.withConditions(conditions);
    }

    static Instant now(AgentContext ctx) {
        return ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
