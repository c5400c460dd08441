package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.EtcdProcess;
import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-registered LeaseLeases method speaks etcd's wire format: the same descriptor and
 * marshallers, used as a client, decode real etcd's answer and the embedded server's alike.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LeaseLeasesIT {
    @TempDir
    Path dir;

    @Test
    void embeddedServerListsItsLeases() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0))) {
            listsGrantedLeases(URI.create(server.endpoint()));
        }
    }

    @Test
    void realEtcdAnswersTheSameDescriptor() throws Exception {
        listsGrantedLeases(EtcdProcess.shared().endpoint());
    }

    private static void listsGrantedLeases(URI endpoint) throws Exception {
        try (Client jetcd = Client.builder().endpoints(endpoint.toString()).build()) {
            long before = leases(endpoint).ids().size();
            long a = jetcd.getLeaseClient().grant(30).get().getID();
            long b = jetcd.getLeaseClient().grant(40).get().getID();
            LeaseLeases.Response listed = leases(endpoint);
            assertThat(listed.ids()).contains(a, b).hasSize((int) before + 2);
            assertThat(listed.header().getClusterId()).isNotZero();
            assertThat(listed.header().getRevision()).isPositive();
            jetcd.getLeaseClient().revoke(a).get();
            assertThat(leases(endpoint).ids()).doesNotContain(a).contains(b);
            jetcd.getLeaseClient().revoke(b).get();
        }
    }

    private static LeaseLeases.Response leases(URI endpoint) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint.getHost(), endpoint.getPort()).usePlaintext().build();
        try {
            return ClientCalls.blockingUnaryCall(channel, LeaseLeases.METHOD, io.grpc.CallOptions.DEFAULT,
                    new LeaseLeases.Request());
        } finally {
            channel.shutdownNow();
        }
    }
}
