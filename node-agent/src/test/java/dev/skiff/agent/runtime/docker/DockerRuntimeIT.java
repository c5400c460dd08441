package dev.skiff.agent.runtime.docker;

import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.PodRuntimeContract;
import java.nio.file.Path;

/** The runtime contract against Podman's Docker-compatible API and the busybox image. */
class DockerRuntimeIT extends PodRuntimeContract {

    @Override
    protected PodRuntime newRuntime(Path dataDir) {
        // one node name per test: list() of this test sees no other test's containers
        return DockerRuntime.connect(PodmanApi.host(), "contract-" + Integer.toHexString(dataDir.hashCode()));
    }

    @Override
    protected boolean cgroupsPerContainer() {
        return true; // scripts/lib/podman-setup.sh runs the engine as root, which gives each container its cgroups
    }

    @Override
    protected String image() {
        return PodmanApi.IMAGE;
    }
}
