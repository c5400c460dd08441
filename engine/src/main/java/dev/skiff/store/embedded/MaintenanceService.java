package dev.skiff.store.embedded;

import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.AlarmResponse;
import io.etcd.jetcd.api.DefragmentRequest;
import io.etcd.jetcd.api.DefragmentResponse;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Status (for `etcdctl endpoint status`), an empty alarm list, and a no-op defragment. */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
    /** The etcd API level we speak; clients gate features on it. */
    static final String VERSION = "3.5.0";

    private final Backend backend;

    MaintenanceService(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
        Replies.now(out, () -> {
            long revision = backend.revision();
            long size = fileSize(backend.log().file()) + fileSize(Path.of(backend.log().file() + "-wal"));
            return StatusResponse.newBuilder()
                    .setHeader(backend.identity().header(revision))
                    .setVersion(VERSION)
                    .setDbSize(size)
                    .setDbSizeInUse(size)
                    .setLeader(backend.identity().memberId())
                    .setRaftIndex(revision)
                    .setRaftTerm(Identity.RAFT_TERM)
                    .setRaftAppliedIndex(revision)
                    .build();
        });
    }

    @Override
    public void alarm(AlarmRequest req, StreamObserver<AlarmResponse> out) {
        Replies.now(out, () -> AlarmResponse.newBuilder()
                .setHeader(backend.identity().header(backend.revision()))
                .build());
    }

    @Override
    public void defragment(DefragmentRequest req, StreamObserver<DefragmentResponse> out) {
        Replies.now(out, () -> DefragmentResponse.newBuilder()
                .setHeader(backend.identity().header(backend.revision()))
                .build());
    }

    private static long fileSize(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
