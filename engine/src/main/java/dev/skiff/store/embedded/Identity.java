package dev.skiff.store.embedded;

import io.etcd.jetcd.api.ResponseHeader;

/** Who answers: a one-member cluster whose ids are chosen once per data directory. */
record Identity(long clusterId, long memberId, String name) {
    /** A single-node etcd sits at term 2 after electing itself; we report the same steady value. */
    static final long RAFT_TERM = 2;

    ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder()
                .setClusterId(clusterId)
                .setMemberId(memberId)
                .setRevision(revision)
                .setRaftTerm(RAFT_TERM)
                .build();
    }
}
