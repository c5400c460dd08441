package dev.skiff.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcCgroupsTest {

    @Test
    void v1HierarchiesAreMountedByTheirControllersAndNamedAndRootOnesAreLeftOut(@TempDir Path root) {
        var lines = List.of("12:memory:/libpod_parent/libpod-abc", "4:cpu,cpuacct:/libpod_parent/libpod-abc",
                "1:name=systemd:/libpod_parent/libpod-abc", "0::/", "3:pids:/");
        assertThat(ProcCgroups.dirs(lines, root)).containsExactly(
                root.resolve("memory/libpod_parent/libpod-abc"), root.resolve("cpu,cpuacct/libpod_parent/libpod-abc"));
    }

    @Test
    void theUnifiedHierarchyIsTheRootOnV2AndUnifiedOnAHybridMachine(@TempDir Path v2, @TempDir Path hybrid) throws IOException {
        Files.writeString(v2.resolve("cgroup.controllers"), "cpu memory");
        var line = List.of("0::/machine.slice/libpod-abc.scope/container");
        assertThat(ProcCgroups.dirs(line, v2)).containsExactly(v2.resolve("machine.slice/libpod-abc.scope/container"));
        assertThat(ProcCgroups.dirs(line, hybrid)).containsExactly(hybrid.resolve("unified/machine.slice/libpod-abc.scope/container"));
    }

    @Test
    void aProcessThatIsGoneHasNone() {
        assertThat(ProcCgroups.of(Long.MAX_VALUE)).isEmpty();
    }
}
