package dev.skiff.agent.proxy.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading /proc's layout (a copy of it in a directory): socket table → inode → marked process → pod uid. */
class ProcClientPodsTest {

    @TempDir
    Path proc;

    @Test
    void addressesAreWrittenAsTheKernelWritesThem() {
        assertThat(ProcClientPods.v4(new InetSocketAddress("127.0.0.1", 8080))).isEqualTo("0100007F:1F90");
        assertThat(ProcClientPods.v6(new InetSocketAddress("127.0.0.1", 8080)))
                .isEqualTo("0000000000000000FFFF00000100007F:1F90");
        assertThat(ProcClientPods.v4(new InetSocketAddress("::1", 80))).isNull();
        assertThat(ProcClientPods.v6(new InetSocketAddress("::1", 80))).isEqualTo("00000000000000000000000001000000:0050");
    }

    @Test
    void theMarkedProcessHoldingTheClientSocketNamesItsPod() throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:9C40 01FB4D7F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 555 1
                   1: 01FB4D7F:1F90 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 556 1
                """);
        Files.writeString(proc.resolve("net/tcp6"), "  sl  local_address\n");
        process("100", "PATH=/bin\0HOME=/x\0", "socket:[555]"); // a host process holding it too: not a pod
        process("200", "PATH=/bin\0SKIFF_POD_UID=uid-a\0HOME=/x\0", "socket:[555]");
        process("300", "SKIFF_POD_UID=uid-b\0", "socket:[556]");
        var pods = new ProcClientPods(proc);
        assertThat(pods.podOf(new InetSocketAddress("127.0.0.1", 40000), Protocol.TCP)).hasValue("uid-a");
        assertThat(pods.podOf(new InetSocketAddress("127.0.0.1", 40001), Protocol.TCP)).as("no such socket").isEmpty();
        assertThat(pods.podOf(new InetSocketAddress("127.0.0.1", 40000), Protocol.UDP)).as("no udp table").isEmpty();
        assertThat(ProcClientPods.marker(proc.resolve("300"))).as("the marker first in environ").isEqualTo("uid-b");
    }

    private void process(String pid, String environ, String socket) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid).resolve("fd"));
        Files.write(proc.resolve(pid).resolve("environ"), environ.getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(dir.resolve("3"), Path.of(socket));
    }
}
