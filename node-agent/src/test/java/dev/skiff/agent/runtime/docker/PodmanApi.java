package dev.skiff.agent.runtime.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Docker API the docker runtime's tests use: DOCKER_HOST, else the socket that
 * scripts/lib/podman-setup.sh starts. A missing API fails the test with how to get one.
 */
public final class PodmanApi {

    public static final String SOCKET = "/run/skiff-podman.sock";
    public static final String IMAGE = "localhost/busybox:1";

    private PodmanApi() {
    }

    public static URI host() {
        var env = System.getenv("DOCKER_HOST");
        var host = env != null && !env.isBlank() ? URI.create(env) : URI.create("unix://" + SOCKET);
        if ("unix".equals(host.getScheme()) && !answers(Path.of(host.getPath()))) {
            throw new AssertionError("no Docker API answers at " + host + ": run scripts/lib/podman-setup.sh as root "
                    + "(installs nothing; apt-get install podman runc busybox-static first, or use ./run-tests), "
                    + "or set DOCKER_HOST to a Docker/Podman API");
        }
        return host;
    }

    private static boolean answers(Path socket) {
        try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            var buf = ByteBuffer.allocate(64);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }
}
