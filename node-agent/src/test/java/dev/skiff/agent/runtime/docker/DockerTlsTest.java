package dev.skiff.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's TLS files as openssl writes them, read with the JDK alone, and a handshake with client auth on them. */
class DockerTlsTest {
    @TempDir Path dir;

    @Test
    void offUnlessDockerTlsVerifyIsSet() {
        assertThat(DockerTls.fromEnvironment(Map.of())).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0"))).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", ""))).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/x"))).isNotNull();
    }

    @Test
    void pkcs8KeysShakeHandsWithAServerThatWantsTheClientCertificate() throws Exception {
        var client = certs("client8", false);
        handshake(client, certs("server", false));
    }

    @Test
    void pkcs1RsaKeysAsOlderOpensslWritesThemToo() throws Exception {
        var client = certs("client1", true);
        assertThat(Files.readString(client.resolve("key.pem"))).contains("BEGIN RSA PRIVATE KEY");
        handshake(client, certs("server", false));
    }

    @Test
    void missingFilesSayWhichDirectoryAndWhatItNeeds() {
        assertThatThrownBy(() -> DockerTls.fromEnvironment(
                Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", dir.resolve("none").toString())).getSSLContext())
                .hasMessageContaining("DOCKER_TLS_VERIFY is set").hasMessageContaining("ca.pem, cert.pem, key.pem")
                .hasMessageContaining(dir.resolve("none").toString());
    }

    private void handshake(Path clientCerts, Path serverCerts) throws Exception {
        var clientContext = DockerTls.fromEnvironment(
                Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", clientCerts.toString())).getSSLContext();
        var serverContext = DockerTls.context(serverCerts);
        try (var server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(true);
            var accepted = CompletableFuture.supplyAsync(() -> {
                try (var s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    return s.getSession().getPeerCertificates().length;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (var s = (SSLSocket) clientContext.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getSession().getPeerPrincipal().getName()).contains("CN=localhost");
            }
            assertThat(accepted.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    /** A CA (shared by every call) and a cert signed by it, as Docker's TLS guide has openssl make them. */
    private Path certs(String name, boolean pkcs1) throws Exception {
        var ca = dir.resolve("ca");
        if (!Files.exists(ca.resolve("ca.pem"))) {
            Files.createDirectories(ca);
            openssl(ca, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=test-ca");
        }
        var out = Files.createDirectories(dir.resolve(name));
        openssl(out, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        if (pkcs1) openssl(out, "rsa", "-in", "key.pem", "-traditional", "-out", "key.pem");
        openssl(out, "req", "-new", "-key", "key.pem", "-subj", "/CN=localhost", "-out", "req.csr");
        openssl(out, "x509", "-req", "-in", "req.csr", "-CA", ca.resolve("ca.pem").toString(), "-CAkey",
                ca.resolve("ca-key.pem").toString(), "-CAcreateserial", "-days", "2", "-out", "cert.pem");
        Files.copy(ca.resolve("ca.pem"), out.resolve("ca.pem"));
        return out;
    }

    private static void openssl(Path in, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
        var output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", cmd, output).isZero();
    }
}
