package dev.skiff.agent.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.agent.runtime.ContainerSpec;
import dev.skiff.agent.runtime.LogLine;
import dev.skiff.agent.runtime.LogOptions;
import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.docker.DockerRuntime;
import dev.skiff.agent.runtime.docker.PodmanApi;
import dev.skiff.agent.runtime.process.ProcessRuntime;
import dev.skiff.agent.runtime.process.ProcessRuntimeConfig;
import dev.skiff.api.ConfigMap;
import dev.skiff.api.ImagePullPolicy;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.Store;
import dev.skiff.store.wire.WireStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Volumes seen from inside real containers of both runtimes, with ConfigMaps and Secrets read from
 * a real store through informers: content, modes, a configMap change reaching a running container,
 * and the emptyDir gone with the pod.
 */
@Timeout(180)
class VolumesIT {

    @TempDir
    Path tmp;

    private final String ns = "default";
    private Store store;
    private Client client;
    private Informer<ConfigMap> configMaps;
    private Informer<Secret> secrets;

    @BeforeEach
    void connect() {
        store = WireStore.connect(EtcdProcess.shared().config());
        client = new Client(store, Clock.systemUTC());
        configMaps = new Informer<>(client, ConfigMap.class, null).start();
        secrets = new Informer<>(client, Secret.class, null).start();
        assertThat(configMaps.awaitSynced(Duration.ofSeconds(30))).isTrue();
        assertThat(secrets.awaitSynced(Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void close() {
        configMaps.close();
        secrets.close();
        store.close();
    }

    private PodRuntime runtime(String kind) {
        return switch (kind) {
            case "docker" -> DockerRuntime.connect(PodmanApi.host(), "volumes-" + UUID.randomUUID().toString().substring(0, 8));
            case "process" -> new ProcessRuntime(ProcessRuntimeConfig.defaults(tmp.resolve("process-state")));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker", "process"})
    void volumesAppearWithContentAndModesAndFollowTheirConfigMap(String kind) throws Exception {
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        client.create(ConfigMap.of(ObjectMeta.named(ns, "site-" + suffix), Map.of("index.html", "v1")));
        client.create(Secret.of(ObjectMeta.named(ns, "creds-" + suffix), Map.of("password", "s3cret", "user", "admin")));
        await().atMost(Duration.ofSeconds(10)).until(() -> secrets.get(ns, "creds-" + suffix).isPresent());

        var pod = NodeVolumesTest.pod("""
                metadata: {name: web-%1$s, namespace: default}
                spec:
                  containers:
                  - name: main
                    image: x
                    volumeMounts:
                    - {name: site, mountPath: /etc/site, readOnly: true}
                    - {name: creds, mountPath: /etc/creds, readOnly: true}
                    - {name: scratch, mountPath: /scratch}
                  volumes:
                  - {name: site, configMap: {name: site-%1$s, defaultMode: 288}}
                  - name: creds
                    secret: {secretName: creds-%1$s, items: [{key: password, path: pw, mode: 256}]}
                  - {name: scratch, emptyDir: {}}
                """.formatted(suffix));
        var volumes = new NodeVolumes(tmp.resolve("pods"), VolumeObjects.of(configMaps, secrets), Clock.systemUTC())
                .follow(configMaps, secrets);
        var mounts = volumes.prepare(pod).get("main");
        var scratch = Path.of(mounts.stream().filter(m -> m.containerPath().equals("/scratch")).findFirst().orElseThrow().hostPath());

        var script = "cat /etc/site/index.html; echo; stat -L -c %a /etc/site/index.html; cat /etc/creds/pw; echo; "
                + "stat -L -c %a /etc/creds/pw; ls /etc/creds; echo kept > /scratch/out; "
                + "trap 'exit 0' TERM; while true; do echo \"now $(cat /etc/site/index.html)\"; sleep 0.2; done";
        try (var runtime = runtime(kind)) {
            var handle = runtime.start(new ContainerSpec("volumes-node", pod.metadata().uid(), ns, pod.metadata().name(),
                    "main", PodmanApi.IMAGE, ImagePullPolicy.NEVER, List.of("sh", "-c"), List.of(script), Map.of(), null,
                    mounts, List.of(), null, tmp.resolve("logs")));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(runtime, handle).stream().anyMatch(l -> l.startsWith("now ")));
                assertThat(lines(runtime, handle)).startsWith("v1", "440", "s3cret", "400", "pw");
                assertThat(Files.readString(scratch.resolve("out"))).isEqualTo("kept\n");

                client.modify(ConfigMap.class, ns, "site-" + suffix, cm -> ConfigMap.of(cm.metadata(), Map.of("index.html", "v2")));
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(runtime, handle).contains("now v2"));
            } finally {
                runtime.stop(handle, Duration.ofSeconds(5));
                runtime.destroy(handle);
            }
        }
        volumes.release(pod.metadata().uid());
        assertThat(scratch).doesNotExist();
        assertThat(tmp.resolve("pods").resolve(pod.metadata().uid()).resolve("volumes")).doesNotExist();
    }

    private static List<String> lines(PodRuntime runtime, dev.skiff.agent.runtime.ContainerHandle handle) {
        return runtime.logs(handle).read(LogOptions.ALL).stream().map(LogLine::text).toList();
    }
}
