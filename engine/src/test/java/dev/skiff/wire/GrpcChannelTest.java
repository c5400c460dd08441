package dev.skiff.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the connection does with a peer that accepts and then never answers (a node unplugged mid-connection). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GrpcChannelTest {

    @Test
    void anUnansweredPingFailsTheConnectionAndItsCalls() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GrpcChannel channel = GrpcChannel.open("127.0.0.1", silent.getLocalPort(), Duration.ofSeconds(5));
            try (Socket accepted = silent.accept()) {
                var answer = channel.unary("/etcdserverpb.KV/Range", new byte[0]);
                channel.checkAlive(Duration.ofMillis(50)); // sends a ping
                assertThat(channel.isUsable()).isTrue();
                assertThat(channel.awaitingPing()).isTrue();
                Thread.sleep(100);
                channel.checkAlive(Duration.ofMillis(50)); // still no ACK: lost

                assertThat(channel.isUsable()).isFalse();
                assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(WireException.class).hasMessageContaining("did not answer a ping");
            } finally {
                channel.close();
            }
        }
    }
}
