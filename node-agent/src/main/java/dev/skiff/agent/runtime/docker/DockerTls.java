package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.transport.SSLConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to a Docker Engine API as the docker CLI sets it up: {@code DOCKER_TLS_VERIFY} on, and {@code ca.pem},
 * {@code cert.pem}, {@code key.pem} in {@code DOCKER_CERT_PATH} (default ~/.docker). Read with the JDK alone:
 * docker-java's own reader needs BouncyCastle, whose three jars cost every agent ~2.4 MB of RSS (the JVM keeps
 * each class-path jar's central directory on the heap) to serve the rare TLS-to-TCP set-up.
 */
final class DockerTls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private DockerTls() {}

    /** The TLS set-up the environment asks for, or null when {@code DOCKER_TLS_VERIFY} is unset, empty, 0 or false. */
    static SSLConfig fromEnvironment(Map<String, String> env) {
        String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "");
        if (verify.isEmpty() || verify.equals("0") || verify.equalsIgnoreCase("false")) return null;
        String dir = env.get("DOCKER_CERT_PATH");
        Path certs = dir == null || dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".docker") : Path.of(dir);
        return () -> context(certs);
    }

    static SSLContext context(Path certs) {
        try {
            var keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            var chain = certificates(certs.resolve("cert.pem"));
            keys.setKeyEntry("docker", privateKey(certs.resolve("key.pem")), NO_PASSWORD, chain);
            var trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            var cas = certificates(certs.resolve("ca.pem"));
            for (int i = 0; i < cas.length; i++) trusted.setCertificateEntry("ca-" + i, cas[i]);
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            var context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("DOCKER_TLS_VERIFY is set but the TLS files in " + certs
                    + " (ca.pem, cert.pem, key.pem) cannot be used: " + e.getMessage(), e);
        }
    }

    private static Certificate[] certificates(Path pem) throws IOException, GeneralSecurityException {
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
        if (certs.isEmpty()) throw new GeneralSecurityException(pem + " holds no certificate");
        return certs.toArray(Certificate[]::new);
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, older openssl genrsa). */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        var m = PEM.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (!m.find()) throw new GeneralSecurityException(pem + " holds no PEM block");
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        return switch (m.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der);
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(der)));
            default -> throw new GeneralSecurityException(pem + " holds a \"" + m.group(1) + "\" block; convert it to"
                    + " PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pem.new && mv key.pem.new key.pem");
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in PKCS#8's PrivateKeyInfo: version 0, the rsaEncryption algorithm, the key. */
    static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
