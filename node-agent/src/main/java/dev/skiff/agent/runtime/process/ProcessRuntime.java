package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.ExecResult;
import dev.skiff.agent.runtime.ExitStatus;
import dev.skiff.agent.runtime.LogReader;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs each container as a host process (Nomad's raw_exec): its own session and process group, its
 * own mount namespace for volumes when the agent is root, cgroups for limits where it can, output
 * to rotated log files. A container is a directory under {@code stateDir/containers}; a new
 * instance over the same dir re-attaches by pid and start time.
 */
public final class ProcessRuntime implements PodRuntime {
    public static final String NEEDS_COMMAND =
            "this node runs the process runtime: give the container a command, or run the node with --runtime docker";
    /**
     * The pod marker: every process of a pod (and its children, which inherit it) carries its pod's
     * uid in this env var, readable in /proc/PID/environ by any agent of the same user on the
     * machine; the service proxies use it to tell which pod a connection comes from.
     */
    public static final String POD_UID_ENV = "SKIFF_POD_UID";
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration SET_UP_WAIT = Duration.ofSeconds(10);

    private final ProcessRuntimeConfig config;
    private final Path containersDir;
    private final Cgroups cgroups;
    private final boolean root;
    private final Map<String, Process> children = new ConcurrentHashMap<>();
    private final Map<String, FileLogs> pumping = new ConcurrentHashMap<>();
    private final Map<String, FileLogs> logFiles = new ConcurrentHashMap<>(); // one per container: pumps must not interleave
    /**
     * Striped per-container locks: a fixed set, so a destroyed container's lock is never replaced by
     * a fresh one while another thread still holds the old (which let settle write into a box that
     * destroy was deleting).
     */
    private final Object[] locks = stripes(64);
    private volatile boolean closed;
    private final ScheduledExecutorService pump;

    public ProcessRuntime(ProcessRuntimeConfig config) {
        this.config = config;
        this.containersDir = config.stateDir().resolve("containers");
        try {
            Files.createDirectories(containersDir);
        } catch (IOException e) {
            throw new RuntimeFailure.Unavailable("cannot create the runtime's state dir " + containersDir + ": "
                    + e.getMessage() + " — give the agent a writable --data-dir", e);
        }
        this.root = "root".equals(System.getProperty("user.name"));
        this.cgroups = Cgroups.detect(config.useCgroups());
        this.pump = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("process-logs").factory());
        pump.scheduleWithFixedDelay(this::pumpAll, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return Box.RUNTIME;
    }

    /** Why cpu/memory limits are not enforced on this node, or empty when they are. */
    public Optional<String> limitsNotEnforced() {
        return cgroups.notEnforced();
    }

    // ---- start

    @Override
    public ContainerHandle start(ContainerSpec spec) {
        var argv = spec.argv();
        if (argv.isEmpty()) {
            throw new RuntimeFailure.InvalidSpec(spec.image() == null || spec.image().isBlank()
                    ? "container " + spec.describe() + " has no command: give it one" : NEEDS_COMMAND);
        }
        boolean mountNs = root && !spec.mounts().isEmpty();
        if (!root && spec.mounts().stream().anyMatch(m -> !m.hostPath().equals(m.containerPath()))) {
            throw new RuntimeFailure.InvalidSpec("container " + spec.describe()
                    + " mounts volumes, which the process runtime does only as root (in a mount namespace): run the agent as root");
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        try {
            return launch(spec, argv, id, mountNs);
        } catch (IOException e) {
            Box.deleteTree(containersDir.resolve(id));
            throw new RuntimeFailure.StartFailed("cannot start " + spec.describe() + " (" + String.join(" ", argv) + "): "
                    + e.getMessage(), e);
        }
    }

    private ContainerHandle launch(ContainerSpec spec, List<String> argv, String id, boolean mountNs) throws IOException {
        var dir = Files.createDirectories(containersDir.resolve(id));
        var logDir = Files.createDirectories(spec.logDir() != null ? spec.logDir() : dir.resolve("logs"));
        var workingDir = spec.workingDir() != null ? spec.workingDir()
                : Files.createDirectories(config.stateDir().resolve("pods").resolve(spec.podUid())).toString();
        var groups = createCgroups(id, spec);
        var env = environment(spec, workingDir);
        var cmd = new ArrayList<>(List.of("setsid"));
        if (mountNs) cmd.addAll(List.of("unshare", "--mount", "--propagation", "private"));
        cmd.addAll(List.of("/bin/sh", "-c", Wrapper.script(groups, spec.mounts(), workingDir, dir), "skiff-" + id));
        cmd.addAll(argv);
        var logs = logFiles.computeIfAbsent(id, k -> new FileLogs(logDir, config.logMaxBytes(), config.logFiles(), config.clock()));
        var pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.raw().toFile())).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        var startedAt = config.clock().instant();
        Process process = pb.start();
        long ticks = ProcStat.read(process.pid()).map(ProcStat::startTicks).orElse(-1L);
        var box = new Box(id, dir, logDir, process.pid(), ticks, startedAt, groups, mountNs);
        box.save(new Box.ExecContext(env, workingDir));
        children.put(id, process);
        pumping.put(id, logs);
        // a closed runtime leaves exits to its successor (a restarted agent): two runtimes settling
        // one container at once would race on its files
        process.onExit().thenRun(() -> {
            if (!closed) settle(box);
        });
        awaitSetUp(box, process);
        return box.handle();
    }

    /** Returns once the wrapper has joined cgroups and mounted volumes, so exec sees what the command sees. */
    private static void awaitSetUp(Box box, Process process) {
        long deadline = System.nanoTime() + SET_UP_WAIT.toNanos();
        var started = box.dir().resolve(Wrapper.STARTED_FILE);
        try {
            while (!Files.exists(started) && process.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Path> createCgroups(String id, ContainerSpec spec) {
        try {
            return cgroups.create(id, spec.limits());
        } catch (IOException e) {
            return List.of(); // limits unenforced for this one; the node status already says when cgroups are unusable
        }
    }

    private Map<String, String> environment(ContainerSpec spec, String workingDir) {
        var env = new LinkedHashMap<String, String>();
        var path = new ArrayList<String>();
        config.extraPath().forEach(p -> path.add(p.toString()));
        path.add(DEFAULT_PATH);
        env.put("PATH", String.join(":", path));
        env.put("HOME", workingDir);
        env.put("HOSTNAME", spec.podName());
        env.putAll(spec.env());
        env.put(POD_UID_ENV, spec.podUid()); // after the spec's env: a pod cannot pass for another
        return env;
    }

    // ---- exit

    @Override
    public Optional<ExitStatus> await(ContainerHandle handle, Duration timeout) {
        var box = box(handle);
        long deadline = System.nanoTime() + timeout.toNanos();
        var child = children.get(box.id());
        try {
            if (child != null) {
                child.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } else {
                while (box.alive() && System.nanoTime() < deadline) Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitStatus(box);
    }

    /** The final status once the container has exited; empty while it runs. */
    private Optional<ExitStatus> exitStatus(Box box) {
        var known = box.finalStatus();
        if (known.isPresent()) return known;
        if (!box.exists()) return Optional.empty();
        var child = children.get(box.id());
        if (child != null ? child.isAlive() : box.alive()) return Optional.empty();
        return Optional.of(settle(box));
    }

    /** Decides and records how the container ended (once), and releases its cgroups. */
    private ExitStatus settle(Box box) {
        synchronized (lock(box.id())) {
            var known = box.finalStatus();
            if (known.isPresent() || !box.exists()) return known.orElse(null);
            var recorded = box.recordedExit();
            var child = children.get(box.id());
            int code = recorded.map(Map.Entry::getKey)
                    .orElseGet(() -> child != null && !child.isAlive() ? child.exitValue() : 137);
            var finishedAt = recorded.map(Map.Entry::getValue).orElseGet(() -> config.clock().instant());
            var status = new ExitStatus(code, ExitStatus.reasonFor(code, code != 0 && Cgroups.oomKilled(box.cgroups())), finishedAt);
            box.saveFinal(status);
            Cgroups.remove(box.cgroups());
            var logs = pumping.remove(box.id());
            (logs != null ? logs : logsOf(box)).pump(true);
            children.remove(box.id());
            return status;
        }
    }

    // ---- stop, destroy

    @Override
    public void stop(ContainerHandle handle, Duration grace) {
        var box = box(handle);
        if (!running(box)) return;
        if (!grace.isZero() && !grace.isNegative()) {
            signal(box, "TERM");
            signal(box, "CONT"); // a paused container must wake to see its SIGTERM
            box.markPaused(false);
            if (await(handle, grace).isPresent()) return;
        }
        signal(box, "KILL");
        box.markPaused(false);
        await(handle, KILL_WAIT);
    }

    private boolean running(Box box) {
        var child = children.get(box.id());
        return child != null ? child.isAlive() : box.alive();
    }

    private void signal(Box box, String signal) {
        if (running(box)) Signals.group(box.pid(), signal);
    }

    @Override
    public void destroy(ContainerHandle handle) {
        var box = box(handle);
        if (!box.exists()) return;
        stop(handle, Duration.ZERO);
        settle(box);
        synchronized (lock(box.id())) {
            pumping.remove(box.id());
            children.remove(box.id());
            Cgroups.remove(box.cgroups());
            box.delete();
            logFiles.remove(box.id());
        }
    }

    // ---- inspect, logs, recover, list

    @Override
    public ContainerInfo inspect(ContainerHandle handle) {
        var box = box(handle);
        if (!box.exists()) return new ContainerInfo.Unknown("container " + handle.id() + " was destroyed");
        return exitStatus(box).<ContainerInfo>map(s -> new ContainerInfo.Exited(box.startedAt(), s))
                .orElseGet(() -> new ContainerInfo.Running(box.startedAt(), box.paused()));
    }

    @Override
    public LogReader logs(ContainerHandle handle) {
        var box = box(handle);
        return logsOf(box).reader(box::exists, () -> exitStatus(box).isPresent());
    }

    private FileLogs logsOf(Box box) {
        return logFiles.computeIfAbsent(box.id(), k -> new FileLogs(box.logDir(), config.logMaxBytes(), config.logFiles(), config.clock()));
    }

    @Override
    public Optional<ContainerHandle> recover(ContainerHandle persisted) {
        var box = box(persisted);
        var stored = Box.load(box.dir());
        if (stored.isEmpty()) return Optional.empty();
        var recovered = Box.of(stored.get(), containersDir);
        if (recovered.alive()) pumping.putIfAbsent(recovered.id(), logsOf(recovered));
        else exitStatus(recovered);
        return stored;
    }

    @Override
    public List<ContainerHandle> list() {
        try (Stream<Path> dirs = Files.list(containersDir)) {
            return dirs.map(Box::load).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- pause, exec

    @Override
    public void pause(ContainerHandle handle) {
        var box = box(handle);
        requireRunning(box);
        signal(box, "STOP");
        box.markPaused(true);
    }

    @Override
    public void resume(ContainerHandle handle) {
        var box = box(handle);
        requireRunning(box);
        signal(box, "CONT");
        box.markPaused(false);
    }

    private void requireRunning(Box box) {
        if (!box.exists()) throw new RuntimeFailure.NoSuchContainer(box.id());
        if (!running(box)) throw new RuntimeFailure.InvalidSpec("container " + box.id() + " is not running");
    }

    @Override
    public ExecResult exec(ContainerHandle handle, List<String> command, Duration timeout) {
        var box = box(handle);
        requireRunning(box);
        return Exec.run(box, command, timeout);
    }

    // ---- plumbing

    @Override
    public List<Path> cgroups(ContainerHandle handle) {
        return box(handle).cgroups();
    }

    private Box box(ContainerHandle handle) {
        if (!Box.RUNTIME.equals(handle.runtime())) {
            throw new RuntimeFailure.InvalidSpec("handle " + handle.id() + " belongs to the " + handle.runtime()
                    + " runtime, not the process runtime");
        }
        return Box.of(handle, containersDir);
    }

    private static Object[] stripes(int n) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) out[i] = new Object();
        return out;
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    private void pumpAll() {
        for (var id : List.copyOf(pumping.keySet())) {
            try {
                var box = Box.load(containersDir.resolve(id)).map(h -> Box.of(h, containersDir));
                if (box.isEmpty()) {
                    pumping.remove(id);
                    continue;
                }
                if (running(box.get())) pumping.get(id).pump(false);
                else settle(box.get());
            } catch (RuntimeException e) {
                // a container being destroyed under us; it leaves the map with its directory
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        pump.shutdownNow();
        pumping.clear();
        children.clear();
        logFiles.clear();
    }
}
