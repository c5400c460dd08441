package dev.skiff.agent;

import dev.skiff.agent.http.AgentApi;
import dev.skiff.agent.http.ContainerLookup;
import dev.skiff.agent.runtime.PodRuntime;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.logging.Logger;

/**
 * Opens the agent's API on a port that stays the same across restarts where it can, so a restarted
 * agent does not rewrite its Node: the configured port, else the one it had last time (remembered
 * in the data dir), else any free one. Several agents on one machine each have their own address.
 */
final class AgentApis {
    private static final Logger LOG = Logger.getLogger(AgentApis.class.getName());
    private static final String FILE = "api-port";

    private AgentApis() {}

    static AgentApi open(AgentConfig config, String token, ContainerLookup lookup, PodRuntime runtime, Clock clock) {
        var file = config.dataDir().resolve(FILE);
        var tries = new LinkedHashSet<Integer>();
        if (config.apiPort() > 0) tries.add(config.apiPort());
        remembered(file).ifPresent(tries::add);
        tries.add(0);
        for (int port : tries) {
            try {
                var api = AgentApi.start(config.address(), port, token, lookup, runtime, clock);
                if (config.apiPort() > 0 && api.port() != config.apiPort()) {
                    LOG.warning("agent API port " + config.address() + ":" + config.apiPort() + " is taken; listening on "
                            + api.port() + " (published in the Node's status)");
                }
                remember(file, api.port());
                return api;
            } catch (BindException taken) {
                // try the next
            }
        }
        throw new IllegalStateException("the agent API could not listen on " + config.address() + ": no free port");
    }

    private static java.util.Optional<Integer> remembered(Path file) {
        try {
            return Files.exists(file) ? java.util.Optional.of(Integer.parseInt(Files.readString(file).strip()))
                    : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void remember(Path file, int port) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, port + "\n");
        } catch (IOException e) {
            LOG.warning("cannot remember the API port in " + file + ": " + e.getMessage());
        }
    }
}
