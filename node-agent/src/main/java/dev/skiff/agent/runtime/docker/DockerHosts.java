package dev.skiff.agent.runtime.docker;

import java.net.URI;
import java.util.Map;

/** Where the Docker Engine API is: the --docker-host flag, else DOCKER_HOST, else the default socket. */
public final class DockerHosts {

    public static final String DEFAULT = "unix:///var/run/docker.sock";

    private DockerHosts() {
    }

    public static URI resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) return parse(flag, "--docker-host");
        var fromEnv = env.get("DOCKER_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) return parse(fromEnv, "DOCKER_HOST");
        return URI.create(DEFAULT);
    }

    static URI parse(String text, String where) {
        try {
            var uri = URI.create(text.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("unix") || uri.getScheme().equals("tcp")
                    || uri.getScheme().equals("npipe"))) {
                throw new IllegalArgumentException("no unix:// or tcp:// scheme");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " '" + text + "' is not a Docker API address ("
                    + e.getMessage() + "): give unix:///path/to/docker.sock or tcp://host:2375", e);
        }
    }
}
