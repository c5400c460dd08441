package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server through jetcd, as every Skiff component will use it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedServerIT {
    @TempDir
    Path dir;

    EmbeddedServer server;
    Client client;

    @BeforeEach
    void start() {
        server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
        client = Client.builder().endpoints(server.endpoint()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static ByteSequence b(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String s(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startsAtRevisionOneAndPutsAdvanceIt() throws Exception {
        assertThat(client.getKVClient().get(b("/none")).get().getHeader().getRevision()).isEqualTo(1);
        long r1 = client.getKVClient().put(b("/a"), b("1")).get().getHeader().getRevision();
        long r2 = client.getKVClient().put(b("/a"), b("2")).get().getHeader().getRevision();
        assertThat(r1).isEqualTo(2);
        assertThat(r2).isEqualTo(3);
        KeyValue kv = client.getKVClient().get(b("/a")).get().getKvs().getFirst();
        assertThat(kv.getCreateRevision()).isEqualTo(2);
        assertThat(kv.getModRevision()).isEqualTo(3);
        assertThat(kv.getVersion()).isEqualTo(2);
        assertThat(s(kv.getValue())).isEqualTo("2");
        assertThat(server.isHealthy()).isTrue();
    }

    @Test
    void rangesHonourPrefixLimitSortAndRevision() throws Exception {
        var kv = client.getKVClient();
        for (String k : List.of("/p/c", "/p/a", "/p/b", "/q")) {
            kv.put(b(k), b(k)).get();
        }
        GetResponse prefix = kv.get(b("/p/"), GetOption.builder().isPrefix(true).build()).get();
        assertThat(prefix.getKvs()).extracting(k -> s(k.getKey())).containsExactly("/p/a", "/p/b", "/p/c");
        GetResponse limited = kv.get(b("/p/"), GetOption.builder().isPrefix(true).withLimit(2).build()).get();
        assertThat(limited.getKvs()).hasSize(2);
        assertThat(limited.isMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(3);
        GetResponse byMod = kv.get(b("/p/"), GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.MOD).withSortOrder(GetOption.SortOrder.DESCEND).build()).get();
        assertThat(byMod.getKvs()).extracting(k -> s(k.getKey())).containsExactly("/p/b", "/p/a", "/p/c");
        GetResponse count = kv.get(b("/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get();
        assertThat(count.getCount()).isEqualTo(4);
        assertThat(count.getKvs()).isEmpty();
        GetResponse fromKey = kv.get(b("/p/b"), GetOption.builder().withRange(b("\0")).build()).get();
        assertThat(fromKey.getKvs()).extracting(k -> s(k.getKey())).containsExactly("/p/b", "/p/c", "/q");
        GetResponse old = kv.get(b("/p/"), GetOption.builder().isPrefix(true).withRevision(3).build()).get();
        assertThat(old.getKvs()).extracting(k -> s(k.getKey())).containsExactly("/p/a", "/p/c");
        GetResponse keysOnly = kv.get(b("/q"), GetOption.builder().withKeysOnly(true).build()).get();
        assertThat(keysOnly.getKvs().getFirst().getValue().isEmpty()).isTrue();
        assertThatThrownBy(() -> kv.get(b("/q"), GetOption.builder().withRevision(99).build()).get())
                .hasMessageContaining("required revision is a future revision");
    }

    @Test
    void deleteReturnsPrevKvsAndIsOneRevision() throws Exception {
        var kv = client.getKVClient();
        kv.put(b("/d/1"), b("x")).get();
        kv.put(b("/d/2"), b("y")).get();
        var deleted = kv.delete(b("/d/"), DeleteOption.builder().isPrefix(true).withPrevKV(true).build()).get();
        assertThat(deleted.getDeleted()).isEqualTo(2);
        assertThat(deleted.getPrevKvs()).extracting(k -> s(k.getValue())).containsExactly("x", "y");
        assertThat(deleted.getHeader().getRevision()).isEqualTo(4);
        var none = kv.delete(b("/d/1")).get();
        assertThat(none.getDeleted()).isZero();
        assertThat(none.getHeader().getRevision()).isEqualTo(4);
        var recreated = kv.put(b("/d/1"), b("z")).get();
        KeyValue again = kv.get(b("/d/1")).get().getKvs().getFirst();
        assertThat(again.getVersion()).isEqualTo(1);
        assertThat(again.getCreateRevision()).isEqualTo(recreated.getHeader().getRevision());
    }

    @Test
    void txnComparesAndRunsOneBranchAtOneRevision() throws Exception {
        var kv = client.getKVClient();
        long rev = kv.put(b("/t/a"), b("1")).get().getHeader().getRevision();
        TxnResponse ok = kv.txn()
                .If(new Cmp(b("/t/a"), Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(b("/t/a"), b("2"), PutOption.DEFAULT), Op.put(b("/t/b"), b("3"), PutOption.DEFAULT),
                        Op.get(b("/t/"), GetOption.builder().isPrefix(true).build()))
                .Else(Op.put(b("/t/fail"), b("x"), PutOption.DEFAULT))
                .commit().get();
        assertThat(ok.isSucceeded()).isTrue();
        assertThat(ok.getHeader().getRevision()).isEqualTo(rev + 1);
        assertThat(ok.getGetResponses().getFirst().getKvs()).extracting(k -> s(k.getValue())).containsExactly("2", "3");
        var both = kv.get(b("/t/"), GetOption.builder().isPrefix(true).build()).get().getKvs();
        assertThat(both).allSatisfy(k -> assertThat(k.getModRevision()).isEqualTo(rev + 1));

        TxnResponse stale = kv.txn()
                .If(new Cmp(b("/t/a"), Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(b("/t/a"), b("lost"), PutOption.DEFAULT))
                .Else(Op.get(b("/t/a"), GetOption.DEFAULT))
                .commit().get();
        assertThat(stale.isSucceeded()).isFalse();
        assertThat(s(stale.getGetResponses().getFirst().getKvs().getFirst().getValue())).isEqualTo("2");
        assertThat(stale.getHeader().getRevision()).isEqualTo(rev + 1);

        TxnResponse absent = kv.txn()
                .If(new Cmp(b("/t/new"), Cmp.Op.EQUAL, CmpTarget.version(0)),
                        new Cmp(b("/t/a"), Cmp.Op.EQUAL, CmpTarget.value(b("2"))))
                .Then(Op.put(b("/t/new"), b("n"), PutOption.DEFAULT))
                .commit().get();
        assertThat(absent.isSucceeded()).isTrue();
    }

    @Test
    void badRequestsAreRefusedWhole() throws Exception {
        var kv = client.getKVClient();
        assertThatThrownBy(() -> kv.txn()
                .Then(Op.put(b("/bad/a"), b("1"), PutOption.DEFAULT), Op.put(b("/bad/a"), b("2"), PutOption.DEFAULT))
                .commit().get())
                .hasMessageContaining("duplicate key given in txn request");
        assertThatThrownBy(() -> kv.txn()
                .Then(Op.put(b("/bad/b"), b("1"), PutOption.DEFAULT),
                        Op.put(b("/bad/c"), b("1"), PutOption.builder().withLeaseId(12345).build()))
                .commit().get())
                .hasMessageContaining("requested lease not found");
        byte[] huge = new byte[EmbeddedServerConfig.DEFAULT_MAX_REQUEST_BYTES + 100 * 1024];
        assertThatThrownBy(() -> kv.put(b("/bad/huge"), ByteSequence.from(huge)).get())
                .hasMessageContaining("request is too large");
        assertThat(kv.get(b("/bad/"), GetOption.builder().isPrefix(true).build()).get().getKvs()).isEmpty();
        assertThat(kv.get(b("/x")).get().getHeader().getRevision()).isEqualTo(1);
    }

    @Test
    void concurrentPutsAllCommitWithDistinctRevisions() throws Exception {
        var kv = client.getKVClient();
        List<CompletableFuture<io.etcd.jetcd.kv.PutResponse>> puts = IntStream.range(0, 500)
                .mapToObj(i -> kv.put(b("/c/" + i), b("v" + i)))
                .toList();
        List<Long> revisions = puts.stream().map(f -> f.join().getHeader().getRevision()).sorted().toList();
        assertThat(revisions).doesNotHaveDuplicates();
        assertThat(revisions.getLast()).isEqualTo(501);
        assertThat(kv.get(b("/c/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get().getCount())
                .isEqualTo(500);
    }

    @Test
    void watchReplaysHistoryThenFollowsLiveWithoutGapOrDuplicate() throws Exception {
        var kv = client.getKVClient();
        kv.put(b("/w/a"), b("1")).get();
        kv.put(b("/other"), b("x")).get();
        kv.put(b("/w/a"), b("2")).get();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        try (var watch = client.getWatchClient().watch(b("/w/"),
                WatchOption.builder().isPrefix(true).withRevision(2).withPrevKV(true).build(),
                (WatchResponse r) -> events.addAll(r.getEvents()))) {
            CompletableFuture<?>[] live = IntStream.range(0, 50)
                    .mapToObj(i -> kv.put(b("/w/live" + i), b("v")))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(live).get();
            kv.delete(b("/w/a")).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 53);
        }
        assertThat(events).extracting(e -> e.getKeyValue().getModRevision()).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(1).getPrevKV().getValue()).isEqualTo(b("1"));
        WatchEvent last = events.getLast();
        assertThat(last.getEventType()).isEqualTo(WatchEvent.EventType.DELETE);
        assertThat(s(last.getPrevKV().getValue())).isEqualTo("2");
    }

    @Test
    void watchOnACompactedRevisionIsCancelledWithTheCompactRevision() throws Exception {
        var kv = client.getKVClient();
        for (int i = 0; i < 5; i++) {
            kv.put(b("/k"), b("" + i)).get();
        }
        client.getKVClient().compact(5).get();
        assertThatThrownBy(() -> kv.get(b("/k"), GetOption.builder().withRevision(3).build()).get())
                .hasMessageContaining("required revision has been compacted");
        assertThat(kv.get(b("/k"), GetOption.builder().withRevision(5).build()).get().getKvs()).hasSize(1);
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        try (var watch = client.getWatchClient().watch(b("/k"), WatchOption.builder().withRevision(2).build(),
                r -> { }, error::complete)) {
            assertThat(error.get(10, TimeUnit.SECONDS)).hasMessageContaining("compacted");
        }
        assertThatThrownBy(() -> kv.compact(4).get()).hasMessageContaining("required revision has been compacted");
    }

    @Test
    void leaseExpiryDeletesItsKeysInOneRevisionAndKeepAliveHoldsIt() throws Exception {
        var leases = client.getLeaseClient();
        long lease = leases.grant(2).get().getID();
        var kv = client.getKVClient();
        kv.put(b("/l/1"), b("a"), PutOption.builder().withLeaseId(lease).build()).get();
        kv.put(b("/l/2"), b("b"), PutOption.builder().withLeaseId(lease).build()).get();
        var ttl = leases.timeToLive(lease, LeaseOption.builder().withAttachedKeys().build()).get();
        assertThat(ttl.getGrantedTTL()).isEqualTo(2);
        assertThat(ttl.getKeys()).extracting(EmbeddedServerIT::s).containsExactly("/l/1", "/l/2");
        long before = kv.get(b("/x")).get().getHeader().getRevision();
        await().atMost(Duration.ofSeconds(8)).until(() -> kv.get(b("/l/"),
                GetOption.builder().isPrefix(true).build()).get().getKvs().isEmpty());
        assertThat(kv.get(b("/x")).get().getHeader().getRevision()).isEqualTo(before + 1);
        assertThat(leases.timeToLive(lease, LeaseOption.DEFAULT).get().getTTL()).isEqualTo(-1);

        long kept = leases.grant(2).get().getID();
        kv.put(b("/l/kept"), b("k"), PutOption.builder().withLeaseId(kept).build()).get();
        try (var keepAlive = leases.keepAlive(kept, new io.grpc.stub.StreamObserver<>() {
            public void onNext(io.etcd.jetcd.lease.LeaseKeepAliveResponse r) { }
            public void onError(Throwable t) { }
            public void onCompleted() { }
        })) {
            Thread.sleep(4000);
            assertThat(kv.get(b("/l/kept")).get().getKvs()).hasSize(1);
        }
        leases.revoke(kept).get();
        assertThat(kv.get(b("/l/kept")).get().getKvs()).isEmpty();
        assertThatThrownBy(() -> leases.revoke(kept).get()).hasMessageContaining("requested lease not found");
    }

    @Test
    void leasesSurviveARestartWithTheirTtlRearmed() throws Exception {
        long lease = client.getLeaseClient().grant(30).get().getID();
        client.getKVClient().put(b("/r"), b("v"), PutOption.builder().withLeaseId(lease).build()).get();
        client.close();
        server.close();
        server = EmbeddedServer.start(new EmbeddedServerConfig(dir, "127.0.0.1", 0));
        client = Client.builder().endpoints(server.endpoint()).build();
        var ttl = client.getLeaseClient().timeToLive(lease, LeaseOption.builder().withAttachedKeys().build()).get();
        assertThat(ttl.getTTL()).isBetween(29L, 30L);
        assertThat(ttl.getKeys()).extracting(EmbeddedServerIT::s).containsExactly("/r");
        assertThat(client.getKVClient().get(b("/r")).get().getKvs().getFirst().getLease()).isEqualTo(lease);
        assertThat(client.getKVClient().get(b("/r")).get().getHeader().getRevision()).isEqualTo(2);
    }

    @Test
    void statusAndMembersDescribeOneConsistentMember() throws ExecutionException, InterruptedException {
        var status = client.getMaintenanceClient().statusMember(server.endpoint()).get();
        var members = client.getClusterClient().listMember().get();
        assertThat(members.getMembers()).hasSize(1);
        assertThat(members.getMembers().getFirst().getId()).isEqualTo(status.getLeader());
        assertThat(status.getHeader().getMemberId()).isEqualTo(status.getLeader());
        assertThat(members.getHeader().getClusterId()).isEqualTo(status.getHeader().getClusterId());
    }
}
