package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import dev.skiff.agent.runtime.LogLine;
import dev.skiff.agent.runtime.LogOptions;
import dev.skiff.agent.runtime.LogReader;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container's logs through the API. {@code since} is whole seconds on the wire, so lines are
 * filtered again here to the instant; {@code tail} is applied after {@code since}, here too.
 */
final class DockerLogs implements LogReader {

    private static final long READ_TIMEOUT_SECONDS = 60;

    private final DockerClient docker;
    private final DockerCalls calls;
    private final String id;

    DockerLogs(DockerClient docker, DockerCalls calls, String id) {
        this.docker = docker;
        this.calls = calls;
        this.id = id;
    }

    @Override
    public List<LogLine> read(LogOptions options) {
        if (options.tailLines() != null && options.tailLines() <= 0) {
            calls.on(id, () -> docker.inspectContainerCmd(id).exec());
            return List.of();
        }
        var lines = new ArrayList<LogLine>();
        var cb = stream(options, false, lines::add);
        try {
            if (!cb.awaitCompletion(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new RuntimeFailure.Unavailable("reading the logs of container " + id + " took over "
                        + READ_TIMEOUT_SECONDS + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(cb);
        }
        cb.lines.finish();
        return tail(lines.stream().filter(l -> options.since() == null || !l.time().isBefore(options.since()))
                .toList(), options.tailLines());
    }

    @Override
    public void follow(LogOptions options, LogSink sink) {
        var cb = stream(options, true, null);
        cb.sink = sink;
        try {
            cb.awaitCompletion();
            cb.lines.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(cb);
        }
    }

    private Lines stream(LogOptions options, boolean follow, java.util.function.Consumer<LogLine> collect) {
        LogContainerCmd cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true)
                .withFollowStream(follow);
        if (options.since() != null) {
            cmd.withSince((int) Math.max(0, options.since().getEpochSecond()));
        } else if (options.tailLines() != null) {
            cmd.withTail(options.tailLines());
        } else {
            cmd.withTailAll();
        }
        var cb = new Lines(options, collect);
        calls.on(id, () -> docker.inspectContainerCmd(id).exec());
        return calls.on(id, () -> cmd.exec(cb));
    }

    private static List<LogLine> tail(List<LogLine> lines, Integer n) {
        return n == null || lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }

    private static void closeQuietly(Lines cb) {
        try {
            cb.close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }

    /** Receives frames, cuts lines, and hands them to a list (read) or a sink (follow). */
    private static final class Lines extends ResultCallback.Adapter<Frame> {
        final FrameLines lines;
        volatile LogReader.LogSink sink;
        private volatile boolean stopped;

        Lines(LogOptions options, java.util.function.Consumer<LogLine> collect) {
            this.lines = new FrameLines(line -> {
                if (stopped) return;
                if (options.since() != null && line.time().isBefore(options.since())) return;
                if (collect != null) collect.accept(line);
                if (sink != null && !sink.accept(line)) stop();
            });
        }

        @Override
        public void onNext(Frame frame) {
            if (!stopped) lines.accept(frame);
        }

        private void stop() {
            stopped = true;
            closeQuietly(this);
        }
    }
}
