package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real etcdctl (Debian etcd-client 3.4) against the embedded server. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EtcdctlInteropIT {
    static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    @TempDir
    Path dir;

    EmbeddedServer server;
    final List<Process> background = new ArrayList<>();

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void etcdctlIsInstalled() {
        assertThat(Files.isExecutable(ETCDCTL))
                .as("etcdctl is required: apt-get install etcd-client")
                .isTrue();
    }

    @BeforeEach
    void start() {
        server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        background.forEach(Process::destroyForcibly);
        server.close();
    }

    ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints", "127.0.0.1:" + server.port()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ETCDCTL_API", "3");
        return pb;
    }

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        Process p = command(args).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        copy(p.getInputStream(), out);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("etcdctl %s finished", List.of(args)).isTrue();
        errReader.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    String ok(String... args) throws IOException, InterruptedException {
        Result r = run(null, args);
        assertThat(r.exit()).as("etcdctl %s: %s", List.of(args), r.err()).isZero();
        return r.out();
    }

    /** Starts a long-running etcdctl (watch, keep-alive) whose output is collected as it arrives. */
    StringBuffer follow(String... args) throws IOException {
        Process p = command(args).redirectErrorStream(true).start();
        background.add(p);
        StringBuffer out = new StringBuffer();
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        });
        return out;
    }

    static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // process ended
        }
    }

    @Test
    void putGetDeleteAndPrefix() throws Exception {
        assertThat(ok("put", "/app/a", "1")).isEqualTo("OK\n");
        ok("put", "/app/b", "2");
        ok("put", "/other", "3");
        assertThat(ok("get", "--prefix", "/app/")).isEqualTo("/app/a\n1\n/app/b\n2\n");
        assertThat(ok("get", "--prefix", "/app/", "--keys-only")).isEqualTo("/app/a\n\n/app/b\n\n");
        assertThat(ok("get", "/app/a", "--print-value-only")).isEqualTo("1\n");
        assertThat(ok("get", "--prefix", "/app/", "--rev", "2")).isEqualTo("/app/a\n1\n");
        assertThat(ok("del", "--prefix", "/app/")).isEqualTo("2\n");
        assertThat(ok("get", "--prefix", "/app/")).isEmpty();
        assertThat(ok("get", "/other", "-w", "json")).contains("\"revision\":5").contains("\"count\":1");
    }

    @Test
    void txnFromStdin() throws Exception {
        ok("put", "/cfg", "old");
        Result r = run("value(\"/cfg\") = \"old\"\n\nput /cfg new\nput /cfg-ok yes\n\nput /cfg-failed yes\n\n",
                "txn");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("SUCCESS");
        assertThat(ok("get", "/cfg", "--print-value-only")).isEqualTo("new\n");
        Result again = run("value(\"/cfg\") = \"old\"\n\nput /cfg newer\n\nput /cfg-failed yes\n\n", "txn");
        assertThat(again.out()).startsWith("FAILURE");
        assertThat(ok("get", "/cfg-failed", "--print-value-only")).isEqualTo("yes\n");
    }

    @Test
    void watchBeforeAndAfterWritesAndFromARevision() throws Exception {
        StringBuffer live = follow("watch", "--prefix", "/w/");
        Thread.sleep(700);
        ok("put", "/w/a", "1");
        ok("put", "/w/b", "2");
        ok("del", "/w/a");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> live.toString().equals("PUT\n/w/a\n1\nPUT\n/w/b\n2\nDELETE\n/w/a\n\n"));
        StringBuffer history = follow("watch", "--prefix", "/w/", "--rev", "3", "--prev-kv");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.toString().equals("PUT\n/w/b\n2\nDELETE\n/w/a\n1\n/w/a\n\n"));
    }

    @Test
    void leaseGrantKeepAliveRevokeWithAttachedKeys() throws Exception {
        Matcher granted = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\((\\d+)s\\)").matcher(ok("lease", "grant", "30"));
        assertThat(granted.find()).isTrue();
        String id = granted.group(1);
        ok("put", "/leased/a", "1", "--lease=" + id);
        ok("put", "/leased/b", "2", "--lease=" + id);
        assertThat(ok("lease", "timetolive", id, "--keys")).contains("granted with TTL(30s)").contains("/leased/a")
                .contains("/leased/b");
        assertThat(ok("lease", "keep-alive", "--once", id)).contains("keepalived with TTL(30)");
        assertThat(ok("lease", "revoke", id)).contains("revoked");
        assertThat(ok("get", "--prefix", "/leased/")).isEmpty();
        Result gone = run(null, "lease", "revoke", id);
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("requested lease not found");
    }

    @Test
    void leaseListShowsTheLiveLeases() throws Exception {
        assertThat(ok("lease", "list")).isEqualTo("found 0 leases\n");
        String first = grantedId(ok("lease", "grant", "30"));
        String second = grantedId(ok("lease", "grant", "40"));
        assertThat(ok("lease", "list").lines().toList())
                .first().isEqualTo("found 2 leases");
        assertThat(ok("lease", "list").lines().skip(1).toList()).containsExactlyInAnyOrder(first, second);
        ok("lease", "revoke", first);
        assertThat(ok("lease", "list")).isEqualTo("found 1 leases\n" + second + "\n");
    }

    private static String grantedId(String etcdctlOutput) {
        Matcher granted = Pattern.compile("lease ([0-9a-f]+) granted").matcher(etcdctlOutput);
        assertThat(granted.find()).as("etcdctl lease grant said: %s", etcdctlOutput).isTrue();
        return granted.group(1);
    }

    @Test
    void compactionRefusesOldRevisions() throws Exception {
        for (int i = 0; i < 5; i++) {
            ok("put", "/k", "v" + i);
        }
        assertThat(ok("compaction", "--physical", "4")).contains("compacted revision 4");
        Result old = run(null, "get", "/k", "--rev", "2");
        assertThat(old.exit()).isNotZero();
        assertThat(old.err()).contains("required revision has been compacted");
        assertThat(ok("get", "/k", "--rev", "4", "--print-value-only")).isEqualTo("v2\n");
        StringBuffer watch = follow("watch", "/k", "--rev", "2");
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.toString().contains("compacted"));
    }

    @Test
    void endpointStatusHealthAndMemberList() throws Exception {
        ok("put", "/x", "1");
        String status = ok("endpoint", "status", "-w", "json");
        assertThat(status).contains("\"version\":\"3.5.0\"").contains("\"revision\":2").contains("\"raft_term\":2");
        Result health = run(null, "endpoint", "health");
        assertThat(health.exit()).isZero();
        assertThat(health.err()).contains("is healthy"); // etcdctl 3.4 reports health on stderr
        String members = ok("member", "list");
        assertThat(members).contains("started, skiff, " + server.endpoint());
    }
}
