package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.time.Duration;

/** Builds a docker-java client for one Engine API address. */
final class DockerClients {

    /** Log follows and waits each hold a connection for as long as they last. */
    private static final int MAX_CONNECTIONS = 256;

    private DockerClients() {
    }

    static DockerClient open(URI host) {
        // TLS is DockerTls's (the JDK's): docker-java's own needs BouncyCastle, which the agent's class path leaves out
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString())
                .withDockerTlsVerify(false).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(DockerTls.fromEnvironment(System.getenv()))
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
