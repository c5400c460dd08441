package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.PodRuntime;
import dev.skiff.agent.runtime.PodRuntimeContract;
import java.nio.file.Path;

/** The process runtime against the shared contract: real host processes. */
class ProcessRuntimeIT extends PodRuntimeContract {

    @Override
    protected PodRuntime newRuntime(Path dataDir) {
        return new ProcessRuntime(ProcessRuntimeConfig.defaults(dataDir));
    }

    @Override
    protected String image() {
        return "busybox";
    }
}
