package dev.skiff.store.embedded;

import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.Member;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberListResponse;
import io.grpc.stub.StreamObserver;

/** MemberList for a cluster of one: this server. */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
    private final Backend backend;
    private final EmbeddedServer.ServerHolder address;

    ClusterService(Backend backend, EmbeddedServer.ServerHolder address) {
        this.backend = backend;
        this.address = address;
    }

    @Override
    public void memberList(MemberListRequest req, StreamObserver<MemberListResponse> out) {
        Replies.now(out, () -> MemberListResponse.newBuilder()
                .setHeader(backend.identity().header(backend.revision()))
                .addMembers(Member.newBuilder()
                        .setID(backend.identity().memberId())
                        .setName(backend.identity().name())
                        .addPeerURLs(address.url)
                        .addClientURLs(address.url))
                .build());
    }
}
