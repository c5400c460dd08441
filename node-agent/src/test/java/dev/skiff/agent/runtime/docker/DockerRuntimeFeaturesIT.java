package dev.skiff.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerInfo;
import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.Limits;
import dev.skiff.agent.runtime.LogLine;
import dev.skiff.agent.runtime.LogOptions;
import dev.skiff.agent.runtime.PortBinding;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.api.ImagePullPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the docker runtime does: pull policies, published ports, limits, labels, OOMKilled. */
@Timeout(120)
class DockerRuntimeFeaturesIT {

    @TempDir
    Path tmp;

    private final String node = "features-" + UUID.randomUUID().toString().substring(0, 8);
    private DockerRuntime runtime;
    private final List<ContainerHandle> started = new ArrayList<>();

    @BeforeEach
    void connect() {
        runtime = DockerRuntime.connect(PodmanApi.host(), node);
    }

    @AfterEach
    void cleanUp() {
        started.forEach(runtime::destroy);
        runtime.close();
    }

    private ContainerSpec spec(String image, ImagePullPolicy policy, String script, List<PortBinding> ports, Limits limits) {
        var uid = UUID.randomUUID().toString();
        return new ContainerSpec(node, uid, "default", "web-" + uid.substring(0, 6), "main", image, policy,
                List.of("sh", "-c"), List.of(script), Map.of(), null, List.of(), ports, limits, tmp.resolve("logs"));
    }

    private ContainerHandle start(ContainerSpec spec) {
        var h = runtime.start(spec);
        started.add(h);
        return h;
    }

    @Test
    void neverAndIfNotPresentUseTheLocalImage() {
        for (var policy : List.of(ImagePullPolicy.NEVER, ImagePullPolicy.IF_NOT_PRESENT)) {
            var h = start(spec(PodmanApi.IMAGE, policy, "echo local", List.of(), Limits.NONE));
            assertThat(runtime.await(h, Duration.ofSeconds(30))).get().extracting(e -> e.code()).isEqualTo(0);
        }
    }

    @Test
    void neverWithAMissingImageSaysErrImageNeverPull() {
        assertThatThrownBy(() -> start(spec("localhost/no-such-image:1", ImagePullPolicy.NEVER, "true", List.of(), Limits.NONE)))
                .isInstanceOf(RuntimeFailure.ImageNotFound.class)
                .hasMessageContaining("localhost/no-such-image:1").hasMessageContaining("ErrImageNeverPull")
                .hasMessageContaining("imagePullPolicy");
    }

    @Test
    void alwaysPullsAndAFailedPullIsErrImagePullEvenWithALocalCopy() {
        assertThatThrownBy(() -> start(spec(PodmanApi.IMAGE, ImagePullPolicy.ALWAYS, "true", List.of(), Limits.NONE)))
                .isInstanceOf(RuntimeFailure.ImageNotFound.class)
                .hasMessageContaining("ErrImagePull").hasMessageContaining("IfNotPresent");
    }

    @Test
    void latestWithoutAPolicyMeansAlways() {
        assertThatThrownBy(() -> start(spec("localhost/busybox:latest", null, "true", List.of(), Limits.NONE)))
                .isInstanceOf(RuntimeFailure.ImageNotFound.class).hasMessageContaining("ErrImagePull");
    }

    @Test
    void aContainerPortIsPublishedOnTheAllocatedHostPortOfTheNodeAddress() throws Exception {
        var hostPort = freePort();
        var h = start(spec(PodmanApi.IMAGE, ImagePullPolicy.NEVER,
                "mkdir -p /www && echo hello-from-pod > /www/index.html && exec httpd -f -p 8080 -h /www",
                List.of(new PortBinding("http", 8080, "127.0.0.1", hostPort, "TCP")), Limits.NONE));
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/index.html"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello-from-pod\n"));
        assertThat(runtime.inspect(h)).isInstanceOf(ContainerInfo.Running.class);
    }

    @Test
    void overTheMemoryLimitIsOOMKilled() {
        var h = start(spec(PodmanApi.IMAGE, ImagePullPolicy.NEVER, "tail -c 200000000 /dev/zero", List.of(),
                new Limits(500L, 16L * 1024 * 1024)));
        var exit = runtime.await(h, Duration.ofSeconds(60)).orElseThrow();
        assertThat(exit.code()).isEqualTo(137);
        assertThat(exit.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void aStopOfALimitedContainerIsNotAnOOMKill() {
        var h = start(spec(PodmanApi.IMAGE, ImagePullPolicy.NEVER, "trap '' TERM; sleep 600", List.of(),
                new Limits(200L, 32L * 1024 * 1024)));
        runtime.stop(h, Duration.ZERO);
        var exit = runtime.await(h, Duration.ofSeconds(30)).orElseThrow();
        assertThat(exit.code()).isEqualTo(137);
        assertThat(exit.reason()).isEqualTo("Error");
    }

    @Test
    void containersAreLabelledAndFoundAgainByLabelsWhenTheIdIsStale() {
        var spec = spec(PodmanApi.IMAGE, ImagePullPolicy.NEVER, "echo hi; sleep 600", List.of(), Limits.NONE);
        var h = start(spec);
        assertThat(h.data()).containsEntry("podUid", spec.podUid()).containsEntry("podName", spec.podName())
                .containsEntry("podNamespace", "default").containsEntry("container", "main");
        var stale = new ContainerHandle("docker", "0000000000000000", h.data());
        assertThat(runtime.recover(stale)).get().extracting(ContainerHandle::id).isEqualTo(h.id());
        try (var other = DockerRuntime.connect(PodmanApi.host(), node + "-other")) {
            assertThat(other.list()).extracting(ContainerHandle::id).doesNotContain(h.id());
            assertThat(other.recover(h)).isEmpty();
        }
    }

    @Test
    void followWithTailStartsAtTheLastLines() throws InterruptedException {
        var h = start(spec(PodmanApi.IMAGE, ImagePullPolicy.NEVER, "for i in 1 2 3 4; do echo l$i; done; sleep 1; echo l5",
                List.of(), Limits.NONE));
        var seen = new ArrayList<String>();
        var t = Thread.ofVirtual().start(() -> {
            await().until(() -> runtime.logs(h).read(LogOptions.ALL).size() >= 4);
            runtime.logs(h).follow(LogOptions.tail(2), line -> seen.add(line.text()));
        });
        assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        assertThat(seen).containsExactly("l3", "l4", "l5");
        assertThat(runtime.logs(h).read(LogOptions.ALL)).extracting(LogLine::text).hasSize(5);
    }

    @Test
    void anUnreachableDaemonIsUnavailableWithHowToFixIt() {
        assertThatThrownBy(() -> DockerRuntime.connect(URI.create("unix://" + tmp.resolve("no.sock")), node))
                .isInstanceOf(RuntimeFailure.Unavailable.class)
                .hasMessageContaining("does not answer").hasMessageContaining("--docker-host");
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
