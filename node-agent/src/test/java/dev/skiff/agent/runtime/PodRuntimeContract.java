package dev.skiff.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ImagePullPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One suite, run against every {@link PodRuntime}. Containers run busybox-style commands
 * ({@code sh -c}, {@code sleep}, {@code echo}, {@code cat}): the process runtime on the host, the
 * docker runtime in a busybox image. Subclasses say how to make a runtime over a data dir and which
 * image to name.
 */
@Timeout(120)
public abstract class PodRuntimeContract {

    /** A fresh runtime instance over {@code dataDir}; a second instance on the same dir plays a restarted agent. */
    protected abstract PodRuntime newRuntime(Path dataDir);

    /** The image every container names (the process runtime ignores it when a command is given). */
    protected abstract String image();

    /** Where the suite mounts its host directories inside containers. */
    protected String mountRoot() {
        return "/mnt/skiff-contract";
    }

    @TempDir
    protected Path tmp;

    protected Path dataDir;
    protected PodRuntime runtime;
    private final List<PodRuntime> opened = new ArrayList<>();
    private final List<ContainerHandle> started = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openRuntime() throws IOException {
        dataDir = Files.createDirectories(tmp.resolve("data"));
        runtime = open();
    }

    @AfterEach
    void cleanUp() {
        for (var handle : started) {
            try {
                runtime.destroy(handle);
            } catch (RuntimeFailure ignored) {
                // already destroyed by the test
            }
        }
        opened.forEach(PodRuntime::close);
    }

    protected PodRuntime open() {
        var r = newRuntime(dataDir);
        opened.add(r);
        return r;
    }

    protected ContainerSpec spec(String name, String script) {
        return spec(name, script, Map.of(), List.of(), null);
    }

    protected ContainerSpec spec(String name, String script, Map<String, String> env, List<Mount> mounts,
                                 String workingDir) {
        var uid = UUID.randomUUID().toString();
        return new ContainerSpec("contract-node", uid, "default", "pod-" + uid.substring(0, 8), name, image(),
                ImagePullPolicy.NEVER, List.of("sh", "-c"), List.of(script), env, workingDir, mounts, List.of(),
                Limits.NONE, tmp.resolve("logs").resolve(uid).resolve(name));
    }

    protected ContainerHandle start(ContainerSpec spec) {
        var handle = runtime.start(spec);
        started.add(handle);
        return handle;
    }

    protected ExitStatus awaitExit(ContainerHandle handle) {
        return runtime.await(handle, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError(handle.id() + " still runs after 30 s"));
    }

    protected List<String> lines(ContainerHandle handle, LogOptions options) {
        return runtime.logs(handle).read(options).stream().map(LogLine::text).toList();
    }

    protected Mount mount(Path host, String name, boolean readOnly) {
        return new Mount(host.toString(), mountRoot() + "/" + name, readOnly);
    }

    // ---- start and exit codes

    @Test
    void aZeroExitIsCompleted() {
        var handle = start(spec("ok", "exit 0"));
        var exit = awaitExit(handle);
        assertThat(exit.code()).isZero();
        assertThat(exit.reason()).isEqualTo("Completed");
        assertThat(exit.finishedAt()).isNotNull();
        assertThat(runtime.inspect(handle)).isInstanceOf(ContainerInfo.Exited.class);
    }

    @Test
    void aNonZeroExitIsAnErrorWithItsCode() {
        var exit = awaitExit(start(spec("bad", "exit 3")));
        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.reason()).isEqualTo("Error");
    }

    /** Whether this runtime, here, puts every container in cgroups of its own (a rootful docker engine does). */
    protected boolean cgroupsPerContainer() {
        return false;
    }

    @Test
    void aRunningContainersCgroupsHoldItsProcesses() throws IOException {
        var handle = start(spec("grouped", "sleep 600"));
        List<Path> groups = runtime.cgroups(handle);
        if (cgroupsPerContainer()) assertThat(groups).isNotEmpty();
        for (Path dir : groups) {
            assertThat(java.nio.file.Files.readString(dir.resolve("cgroup.procs")).isBlank()).as(dir.toString()).isFalse();
        }
    }

    @Test
    void aRunningContainerIsRunning() {
        var handle = start(spec("sleeper", "sleep 600"));
        assertThat(runtime.inspect(handle)).isInstanceOfSatisfying(ContainerInfo.Running.class,
                r -> assertThat(r.paused()).isFalse());
        assertThat(runtime.await(handle, Duration.ofMillis(200))).isEmpty();
        assertThat(runtime.list()).extracting(ContainerHandle::id).contains(handle.id());
    }

    @Test
    void aMissingProgramFailsToStartOrExits127() {
        try {
            var exit = awaitExit(start(new ContainerSpec("contract-node", UUID.randomUUID().toString(), "default",
                    "nope", "nope", image(), ImagePullPolicy.NEVER, List.of("/no/such/program"), List.of(), Map.of(),
                    null, List.of(), List.of(), Limits.NONE, tmp.resolve("logs-nope"))));
            assertThat(exit.code()).isIn(126, 127);
        } catch (RuntimeFailure.StartFailed expected) {
            assertThat(expected).hasMessageContaining("/no/such/program");
        }
    }

    // ---- env, working dir, volumes

    @Test
    void envReachesTheContainer() {
        var handle = start(spec("env", "echo \"$GREETING, $WHO\"", Map.of("GREETING", "hello", "WHO", "skiff"),
                List.of(), null));
        awaitExit(handle);
        assertThat(lines(handle, LogOptions.ALL)).containsExactly("hello, skiff");
    }

    @Test
    void workingDirIsHonoured() throws IOException {
        var dir = Files.createDirectories(tmp.resolve("wd"));
        var m = mount(dir, "wd", false);
        var handle = start(spec("pwd", "pwd", Map.of(), List.of(m), m.containerPath()));
        awaitExit(handle);
        assertThat(lines(handle, LogOptions.ALL)).containsExactly(m.containerPath());
    }

    @Test
    void mountsAreVisibleAndReadOnlyOnesRefuseWrites() throws IOException {
        var rw = Files.createDirectories(tmp.resolve("rw"));
        var ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("hello.txt"), "from the host\n");
        var rwMount = mount(rw, "rw", false);
        var roMount = mount(ro, "ro", true);
        var script = "cat " + roMount.containerPath() + "/hello.txt; echo written > " + rwMount.containerPath()
                + "/out.txt; if { echo x > " + roMount.containerPath() + "/x; } 2>/dev/null; then echo ro-writable; "
                + "else echo ro-refused; fi";
        var handle = start(spec("vol", script, Map.of(), List.of(rwMount, roMount), null));
        assertThat(awaitExit(handle).code()).isZero();
        assertThat(lines(handle, LogOptions.ALL)).containsExactly("from the host", "ro-refused");
        assertThat(Files.readString(rw.resolve("out.txt"))).isEqualTo("written\n");
        assertThat(ro.resolve("x")).doesNotExist();
    }

    // ---- stop

    @Test
    void gracefulStopLetsTheContainerFinish() {
        var handle = start(spec("graceful",
                "trap 'echo terminating; sleep 1; echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"));
        awaitLine(handle, "ready");
        var t0 = System.nanoTime();
        runtime.stop(handle, Duration.ofSeconds(20));
        var took = Duration.ofNanos(System.nanoTime() - t0);
        var exit = awaitExit(handle);
        assertThat(exit.code()).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(lines(handle, LogOptions.ALL)).containsSubsequence("ready", "terminating", "bye");
    }

    @Test
    void stopKillsAfterTheGracePeriod() {
        var handle = start(spec("stubborn", "trap '' TERM; echo ready; while true; do sleep 0.1; done"));
        awaitLine(handle, "ready");
        var t0 = System.nanoTime();
        runtime.stop(handle, Duration.ofSeconds(2));
        var took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(12));
        assertThat(awaitExit(handle).code()).isEqualTo(137);
    }

    @Test
    void aZeroGraceStopKillsAtOnce() {
        var handle = start(spec("forced", "trap '' TERM; sleep 600"));
        var t0 = System.nanoTime();
        runtime.stop(handle, Duration.ZERO);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(awaitExit(handle).code()).isEqualTo(137);
        runtime.stop(handle, Duration.ofSeconds(1)); // stopping an exited container does nothing
    }

    // ---- logs

    @Test
    void logsTail() {
        var handle = start(spec("tail", "for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2"));
        awaitExit(handle);
        assertThat(lines(handle, LogOptions.ALL)).containsExactly("line1", "line2", "line3", "line4", "line5", "oops");
        assertThat(lines(handle, LogOptions.tail(2))).containsExactly("line5", "oops");
        assertThat(lines(handle, LogOptions.tail(0))).isEmpty();
    }

    @Test
    void logsSince() {
        var handle = start(spec("since", "echo early; sleep 3; echo late"));
        awaitLine(handle, "early");
        var before = runtime.logs(handle).read(LogOptions.ALL).getFirst().time();
        awaitExit(handle);
        var all = runtime.logs(handle).read(LogOptions.ALL);
        assertThat(all).extracting(LogLine::text).containsExactly("early", "late");
        var middle = before.plusMillis(1500);
        assertThat(all.get(1).time()).isAfter(middle);
        assertThat(lines(handle, LogOptions.since(middle))).containsExactly("late");
        assertThat(lines(handle, LogOptions.since(Instant.EPOCH))).containsExactly("early", "late");
    }

    @Test
    void logsFollowUntilTheContainerExits() throws InterruptedException {
        var handle = start(spec("follow", "echo a; sleep 1; echo b; sleep 1; echo c"));
        var seen = Collections.synchronizedList(new ArrayList<String>());
        var follower = Thread.ofVirtual().start(() -> runtime.logs(handle).follow(LogOptions.ALL, line -> {
            seen.add(line.text());
            return true;
        }));
        assertThat(follower.join(Duration.ofSeconds(30))).as("follow returns after the container exits").isTrue();
        assertThat(seen).containsExactly("a", "b", "c");
    }

    @Test
    void followStopsWhenTheSinkSaysSo() throws InterruptedException {
        var handle = start(spec("follow-stop", "while true; do echo tick; sleep 0.1; done"));
        var seen = Collections.synchronizedList(new ArrayList<String>());
        var follower = Thread.ofVirtual().start(() -> runtime.logs(handle).follow(LogOptions.ALL, line -> {
            seen.add(line.text());
            return seen.size() < 3;
        }));
        assertThat(follower.join(Duration.ofSeconds(30))).isTrue();
        assertThat(seen).hasSize(3);
    }

    // ---- pause, exec

    @Test
    void pauseFreezesAndResumeThaws() {
        var handle = start(spec("ticker", "while true; do echo tick; sleep 0.1; done"));
        awaitLine(handle, "tick");
        runtime.pause(handle);
        assertThat(runtime.inspect(handle)).isInstanceOfSatisfying(ContainerInfo.Running.class,
                r -> assertThat(r.paused()).isTrue());
        sleep(Duration.ofMillis(500)); // lines in flight land
        var frozen = lines(handle, LogOptions.ALL).size();
        sleep(Duration.ofSeconds(1));
        assertThat(lines(handle, LogOptions.ALL)).hasSize(frozen);
        runtime.resume(handle);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(handle, LogOptions.ALL).size() > frozen + 2);
        assertThat(runtime.inspect(handle)).isInstanceOfSatisfying(ContainerInfo.Running.class,
                r -> assertThat(r.paused()).isFalse());
    }

    @Test
    void pausedContainersStillStop() {
        var handle = start(spec("paused-stop", "sleep 600"));
        runtime.pause(handle);
        runtime.stop(handle, Duration.ofSeconds(5));
        assertThat(awaitExit(handle).code()).isIn(143, 137);
    }

    @Test
    void execRunsInTheContainersContext() throws IOException {
        var dir = Files.createDirectories(tmp.resolve("exec"));
        Files.writeString(dir.resolve("f"), "content\n");
        var m = mount(dir, "exec", true);
        var handle = start(spec("exec", "sleep 600", Map.of("SECRET", "s3"), List.of(m), null));
        var result = runtime.exec(handle, List.of("sh", "-c", "echo $SECRET; cat " + m.containerPath() + "/f; echo err >&2; exit 4"),
                Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).isEqualTo("s3\ncontent\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void execTimesOut() {
        var handle = start(spec("exec-timeout", "sleep 600"));
        var t0 = System.nanoTime();
        var result = runtime.exec(handle, List.of("sleep", "30"), Duration.ofMillis(500));
        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    // ---- re-attach and clean-up

    @Test
    void aRestartedAgentReattachesWithoutDuplicating() throws IOException {
        var dir = Files.createDirectories(tmp.resolve("starts"));
        var m = mount(dir, "starts", false);
        var handle = start(spec("long", "echo started >> " + m.containerPath() + "/log; trap 'exit 0' TERM; "
                + "echo up; while true; do sleep 0.1; done", Map.of(), List.of(m), null));
        awaitLine(handle, "up");
        runtime.close();

        var restarted = open();
        var recovered = restarted.recover(handle).orElseThrow(() -> new AssertionError("the container was lost"));
        assertThat(recovered.id()).isEqualTo(handle.id());
        assertThat(restarted.list()).extracting(ContainerHandle::id).containsExactly(handle.id());
        assertThat(restarted.inspect(recovered)).isInstanceOf(ContainerInfo.Running.class);
        assertThat(Files.readAllLines(dir.resolve("log"))).containsExactly("started");
        assertThat(restarted.logs(recovered).read(LogOptions.ALL)).extracting(LogLine::text).contains("up");

        restarted.stop(recovered, Duration.ofSeconds(10));
        var exit = restarted.await(recovered, Duration.ofSeconds(30)).orElseThrow();
        assertThat(exit.code()).isZero();
        runtime = restarted;
    }

    @Test
    void aContainerThatExitedWhileTheAgentWasDownKeepsItsExitCode() {
        var handle = start(spec("short", "echo bye; exit 7"));
        runtime.close();
        sleep(Duration.ofSeconds(1));
        var restarted = open();
        runtime = restarted;
        var recovered = restarted.recover(handle).orElseThrow();
        var exit = restarted.await(recovered, Duration.ofSeconds(30)).orElseThrow();
        assertThat(exit.code()).isEqualTo(7);
        assertThat(lines(recovered, LogOptions.ALL)).containsExactly("bye");
    }

    @Test
    void destroyLeavesNothing() {
        var keep = start(spec("keep", "sleep 600"));
        var gone = start(spec("gone", "echo doomed; sleep 600"));
        awaitLine(gone, "doomed");
        runtime.destroy(gone);
        assertThat(runtime.list()).extracting(ContainerHandle::id).contains(keep.id()).doesNotContain(gone.id());
        assertThat(runtime.recover(gone)).isEmpty();
        assertThat(runtime.inspect(gone)).isInstanceOf(ContainerInfo.Unknown.class);
        assertThatThrownBy(() -> runtime.logs(gone).read(LogOptions.ALL)).isInstanceOf(RuntimeFailure.NoSuchContainer.class);
        runtime.destroy(gone); // twice is fine

        runtime.close();
        var restarted = open();
        runtime = restarted;
        assertThat(restarted.list()).extracting(ContainerHandle::id).contains(keep.id()).doesNotContain(gone.id());
    }

    // ---- helpers

    protected void awaitLine(ContainerHandle handle, String line) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> lines(handle, LogOptions.ALL).contains(line));
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
