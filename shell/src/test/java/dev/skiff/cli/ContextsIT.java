package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.EtcdProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextsIT {
    @TempDir Path home;

    @AfterEach
    void reset() {
        SkiffHome.override(null);
        Namespaces.use(null);
    }

    @Test
    void aContextChoosesTheServerAndNamespace() {
        SkiffHome.override(home);
        String server = EtcdProcess.shared().endpoint().getAuthority();
        assertThat(CliRun.of("config", "set-context", "pi", "--server", server, "--namespace", "kube").out())
                .isEqualTo("Context \"pi\" created.\n");
        assertThat(CliRun.of("config", "set-context", "far", "--server", "127.0.0.1:1").out()).contains("created");
        assertThat(CliRun.of("config", "current-context").out()).isEqualTo("pi\n");
        assertThat(CliRun.of("config", "get-contexts").out()).contains("*         pi", "far");

        Namespaces.use(null);
        CliRun get = CliRun.of("get", "configmaps");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.err()).contains("No resources found in kube namespace.");

        assertThat(CliRun.of("config", "use-context", "far").exitCode()).isZero();
        CliRun unreachable = CliRun.of("get", "pods");
        assertThat(unreachable.err()).contains("cannot reach the store at 127.0.0.1:1");

        CliRun missing = CliRun.of("config", "use-context", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no context named \"nope\"");
    }
}
