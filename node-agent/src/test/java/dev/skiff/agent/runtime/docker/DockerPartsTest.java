package dev.skiff.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.skiff.agent.runtime.LogLine;
import dev.skiff.api.ImagePullPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The docker runtime's pure parts: image references, addresses, and cutting frames into lines. */
class DockerPartsTest {

    @Test
    void imageReferencesAndTheirDefaultPullPolicy() {
        assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("busybox", null, null));
        assertThat(ImageRef.parse("localhost:5000/app:1.2")).isEqualTo(new ImageRef("localhost:5000/app", "1.2", null));
        assertThat(ImageRef.parse("localhost:5000/app").tag()).isNull();
        assertThat(ImageRef.parse("app@sha256:abc").pullTag()).isEqualTo("sha256:abc");
        assertThat(ImageRef.parse("busybox").defaultPolicy()).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(ImageRef.parse("busybox:latest").defaultPolicy()).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(ImageRef.parse("busybox:1").defaultPolicy()).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
        assertThat(ImageRef.parse("app@sha256:abc").defaultPolicy()).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
    }

    @Test
    void dockerHostComesFromTheFlagThenTheEnvironment() {
        assertThat(DockerHosts.resolve("tcp://pi1:2375", Map.of("DOCKER_HOST", "unix:///x.sock")).toString())
                .isEqualTo("tcp://pi1:2375");
        assertThat(DockerHosts.resolve(null, Map.of("DOCKER_HOST", "unix:///x.sock")).toString()).isEqualTo("unix:///x.sock");
        assertThat(DockerHosts.resolve(null, Map.of()).toString()).isEqualTo(DockerHosts.DEFAULT);
        assertThatThrownBy(() -> DockerHosts.resolve("pi1:2375", Map.of()))
                .hasMessageContaining("--docker-host").hasMessageContaining("tcp://host:2375");
    }

    @Test
    void framesAreCutIntoTimestampedLinesPerStream() {
        var lines = new ArrayList<LogLine>();
        var cutter = new FrameLines(lines::add);
        cutter.accept(frame(StreamType.STDOUT, "2026-01-02T03:04:05.123456789Z hel"));
        cutter.accept(frame(StreamType.STDERR, "2026-01-02T03:04:06Z oops\n"));
        cutter.accept(frame(StreamType.STDOUT, "lo\n2026-01-02T03:04:07+00:00 last"));
        cutter.finish();
        assertThat(lines).containsExactly(
                new LogLine(Instant.parse("2026-01-02T03:04:06Z"), "oops"),
                new LogLine(Instant.parse("2026-01-02T03:04:05.123456789Z"), "hello"),
                new LogLine(Instant.parse("2026-01-02T03:04:07Z"), "last"));
    }

    @Test
    void aLineWrittenInPiecesKeepsItsFirstTimeOnly() {
        var lines = new ArrayList<LogLine>();
        var cutter = new FrameLines(lines::add);
        cutter.accept(frame(StreamType.STDOUT, "2026-01-02T03:04:05Z v1"));
        cutter.accept(frame(StreamType.STDOUT, "2026-01-02T03:04:06Z \n"));
        cutter.accept(frame(StreamType.STDOUT, "2026-01-02T03:04:07Z next\n"));
        assertThat(lines).containsExactly(new LogLine(Instant.parse("2026-01-02T03:04:05Z"), "v1"),
                new LogLine(Instant.parse("2026-01-02T03:04:07Z"), "next"));
    }

    @Test
    void dockerTimesParseAndTheZeroTimeMeansNever() {
        assertThat(DockerRuntime.time("2026-01-02T03:04:05.5Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
        assertThat(DockerRuntime.time("0001-01-01T00:00:00Z")).isNull();
        assertThat(DockerRuntime.time("")).isNull();
    }

    private static Frame frame(StreamType type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
    }
}
