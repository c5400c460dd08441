package dev.skiff.agent.fault;

import dev.skiff.api.Quantity;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.chaos.StressChaos;
import dev.skiff.chaos.StressChaosSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * stress: cpu workers and memory in a child JVM ({@link StressMain}), so killing it always gives
 * everything back; the child ends by itself when the agent dies or the duration is over. For a pod
 * target the child joins the cgroups of the pod's first container when the runtime gave it some
 * (the process runtime as root, or a rootful docker engine on this machine), so the pod pays for it as Chaos Mesh's stress does: its limits
 * apply and its usage shows it. A node target, or a pod without cgroups, stresses the node.
 */
record Stress(FaultHost host, Clock clock) implements TargetExecutor {

    private static final long HEAP_HEADROOM = 32L << 20;

    @Override
    public LedgerEntry apply(Fault fault, ChaosTarget target, LedgerEntry entry, Ledger ledger) {
        StressChaosSpec.Stressors s = ((StressChaos) fault).spec().stressors();
        int workers = s == null || s.cpu() == null ? 0 : valueOr(s.cpu().workers(), 1);
        int load = s == null || s.cpu() == null ? 100 : valueOr(s.cpu().load(), 100);
        long memory = s == null || s.memory() == null ? 0 : bytes(s.memory().size());
        long deadline = FaultLifetime.until(fault).map(Instant::toEpochMilli).orElse(0L);
        Process child = start(workers, load, memory, deadline);
        Instant started = child.info().startInstant().orElse(clock.instant());
        LedgerEntry saved = ledger.save(entry.withProcess(child.pid(), started));
        String where = charge(target, child.pid());
        return saved.withMessage("stress process " + child.pid() + ": " + workers + " cpu worker(s) at " + load + "%, "
                + (memory >> 20) + " MiB, " + where);
    }

    /** Moves the child into the cgroups of the pod's first container, if it has any; says where the stress counts. */
    private String charge(ChaosTarget target, long pid) {
        if (!"Pod".equals(target.kind())) return "on node " + target.name();
        var containers = new TreeMap<>(host.containers(target.namespace(), target.name()));
        if (containers.isEmpty()) return "on the node (the pod has no running container to charge)";
        var first = containers.firstEntry();
        List<Path> groups = host.runtime().cgroups(first.getValue());
        if (groups.isEmpty()) return "on the node (container " + first.getKey() + " has no cgroup to charge)";
        for (Path dir : groups) {
            try {
                Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
            } catch (IOException e) {
                return "on the node (cannot join " + dir + ": " + e.getMessage() + ")";
            }
        }
        return "charged to container " + first.getKey();
    }

    @Override
    public String revert(LedgerEntry entry) {
        if (entry.pid() == null) return "no stress process was started";
        Optional<ProcessHandle> p = ProcessHandle.of(entry.pid()).filter(h -> sameStart(h, entry.pidStartedAt()));
        if (p.isEmpty()) return "stress process " + entry.pid() + " had already ended";
        p.get().destroyForcibly();
        try {
            p.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "stress process " + entry.pid() + " killed, not yet reaped";
        }
        return "stress process " + entry.pid() + " killed";
    }

    /** A pid can be reused: only the process started when ours was is ours. */
    private static boolean sameStart(ProcessHandle h, Instant recorded) {
        if (recorded == null) return false;
        return h.info().startInstant().map(i -> Math.abs(i.toEpochMilli() - recorded.toEpochMilli()) < 2000).orElse(false);
    }

    private static Process start(int workers, int load, long memory, long deadline) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + ((memory + HEAP_HEADROOM) >> 20) + "m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ownClassPath(), StressMain.class.getName(),
                "--cpu-workers", Integer.toString(workers), "--load", Integer.toString(load),
                "--memory", Long.toString(memory), "--parent", Long.toString(ProcessHandle.current().pid()),
                "--deadline", Long.toString(deadline)));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stress process (" + java + "): " + e.getMessage(), e);
        }
    }

    /** Where {@link StressMain} was loaded from (the agent's jar or classes dir): all the child needs. */
    private static String ownClassPath() {
        try {
            return Path.of(StressMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    /** {@code 256Mi}, or {@code 50%} of this machine's memory. */
    static long bytes(String size) {
        if (size == null || size.isBlank()) return 0;
        if (size.endsWith("%")) {
            double pct = Double.parseDouble(size.substring(0, size.length() - 1));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return (long) (os.getTotalMemorySize() * pct / 100);
        }
        return Quantity.parse(size).value();
    }

    private static int valueOr(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
