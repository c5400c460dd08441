package dev.skiff.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every store server must show through every client ({@link EtcdStore}, WireStore):
 * written once, run against real etcd and the embedded server. Tests share one server; each works under its own key prefix.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class StoreContract {

    protected abstract StoreEndpoint endpoint();

    /** The client under test: EtcdStore unless a subclass runs the contract through another one. */
    protected Store connect(StoreConfig config) {
        return EtcdStore.connect(config);
    }

    protected Store store;
    protected String p; // this test's key prefix, ends with '/'
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void openStore(TestInfo test) {
        store = connect(endpoint().config());
        p = "/contract/" + test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterEach
    void closeStore() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
        store.close();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        cleanup.add(c);
        return c;
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    // --- CRUD and compare-and-swap ---

    @Test
    void crudRoundTripWithRevisions() {
        long created = store.create(p + "a", b("1"));
        KeyValue kv = store.get(p + "a").orElseThrow();
        assertThat(kv.valueAsString()).isEqualTo("1");
        assertThat(kv.createRevision()).isEqualTo(created);
        assertThat(kv.modRevision()).isEqualTo(created);
        assertThat(kv.version()).isEqualTo(1);

        long updated = store.update(p + "a", b("2"), created);
        assertThat(updated).isGreaterThan(created);
        KeyValue kv2 = store.get(p + "a").orElseThrow();
        assertThat(kv2).isEqualTo(new KeyValue(p + "a", b("2"), created, updated, 2, 0));

        long put = store.put(p + "a", b("3"), 0);
        assertThat(put).isGreaterThan(updated);
        assertThat(store.currentRevision()).isGreaterThanOrEqualTo(put);

        long deleted = store.delete(p + "a");
        assertThat(deleted).isGreaterThan(put);
        assertThat(store.get(p + "a")).isEmpty();
        assertThatThrownBy(() -> store.delete(p + "a")).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void createTwiceIsAlreadyExists() {
        store.create(p + "x", b("first"));
        assertThatThrownBy(() -> store.create(p + "x", b("second")))
                .isInstanceOfSatisfying(StoreException.AlreadyExists.class, e -> assertThat(e.key()).isEqualTo(p + "x"));
        assertThat(store.get(p + "x").orElseThrow().valueAsString()).isEqualTo("first");
    }

    @Test
    void updateWithStaleRevisionIsConflictAndChangesNothing() {
        long r1 = store.create(p + "k", b("v1"));
        long r2 = store.update(p + "k", b("v2"), r1);
        assertThatThrownBy(() -> store.update(p + "k", b("lost"), r1))
                .isInstanceOfSatisfying(StoreException.Conflict.class, e -> {
                    assertThat(e.expected()).isEqualTo(r1);
                    assertThat(e.actual()).isEqualTo(r2);
                });
        assertThat(store.get(p + "k").orElseThrow().valueAsString()).isEqualTo("v2");
        assertThatThrownBy(() -> store.update(p + "missing", b("v"), r1)).isInstanceOf(StoreException.NotFound.class);
    }

    @Test
    void deleteWithExpectedRevision() {
        long r1 = store.create(p + "k", b("v1"));
        long r2 = store.update(p + "k", b("v2"), r1);
        assertThatThrownBy(() -> store.delete(p + "k", r1)).isInstanceOf(StoreException.Conflict.class);
        assertThat(store.get(p + "k")).isPresent();
        assertThat(store.delete(p + "k", r2)).isGreaterThan(r2);
        assertThat(store.get(p + "k")).isEmpty();
        assertThatThrownBy(() -> store.delete(p + "k", r2)).isInstanceOf(StoreException.NotFound.class);
    }

    // --- listing ---

    @Test
    void prefixesDoNotLeakIntoSiblings() {
        store.create(p + "a/b/1", b("in"));
        store.create(p + "a/bc/1", b("sibling"));
        store.create(p + "a/b", b("the prefix itself without slash"));
        assertThat(store.list(p + "a/b/", ListOptions.latest()).items())
                .extracting(KeyValue::key).containsExactly(p + "a/b/1");
        assertThat(store.list(p + "a/", ListOptions.latest()).items())
                .extracting(KeyValue::key).containsExactly(p + "a/b", p + "a/b/1", p + "a/bc/1");

        String ns = p + Keys.inNamespace("pods", "default");
        store.create(p + Keys.namespaced("pods", "default", "web"), b("1"));
        store.create(p + Keys.namespaced("pods", "default2", "web"), b("2"));
        assertThat(store.list(ns, ListOptions.latest()).items()).hasSize(1);
    }

    @Test
    void pagingReadsOneSnapshot() {
        for (int i = 0; i < 5; i++) store.create(p + "k" + i, b("old" + i));
        Page first = store.list(p, ListOptions.page(2));
        assertThat(first.items()).extracting(KeyValue::key).containsExactly(p + "k0", p + "k1");
        assertThat(first.more()).isTrue();

        // changes after page 1 must not show in later pages of the same list
        store.create(p + "k1a", b("new"));
        store.put(p + "k3", b("changed"), 0);
        store.delete(p + "k4");

        Page second = store.list(p, ListOptions.page(2).next(first));
        assertThat(second.revision()).isEqualTo(first.revision());
        assertThat(second.items()).extracting(KeyValue::key).containsExactly(p + "k2", p + "k3");
        assertThat(second.items().get(1).valueAsString()).isEqualTo("old3");
        assertThat(second.more()).isTrue();

        Page third = store.list(p, ListOptions.page(2).next(second));
        assertThat(third.items()).extracting(KeyValue::key).containsExactly(p + "k4");
        assertThat(third.more()).isFalse();

        assertThat(store.list(p, ListOptions.latest()).items()).extracting(KeyValue::key)
                .containsExactly(p + "k0", p + "k1", p + "k1a", p + "k2", p + "k3");
    }

    /** Whether lists leave out what {@code valueContains} excludes: the embedded server through WireStore does. */
    protected boolean filtersValues() {
        return false;
    }

    @Test
    void aListOfValuesContainingStringsHasEveryOneOfThemPageByPageAndOnlyThemWhenTheServerFilters() {
        List<String> all = new ArrayList<>(), wanted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = p + String.format("k%02d", i);
            String value = switch (i % 3) {
                case 0 -> "{\"app\":\"web7\",\"tier\":\"db\",\"n\":" + i + "}";
                case 1 -> "{\"app\":\"web7\",\"n\":" + i + "}";
                default -> "{\"app\":\"web70\",\"tier\":\"db\",\"n\":" + i + "}";
            };
            store.create(key, b(value));
            all.add(key);
            if (i % 3 == 0) wanted.add(key);
        }
        ListOptions options = ListOptions.page(3).containing(List.of("\"web7\"", "\"db\""));
        List<Page> pages = new ArrayList<>();
        do {
            pages.add(store.list(p, pages.isEmpty() ? options : options.next(pages.getLast())));
        } while (pages.getLast().more());
        List<String> listed = pages.stream().flatMap(page -> page.items().stream()).map(KeyValue::key).toList();
        assertThat(listed).containsSubsequence(wanted).isEqualTo(filtersValues() ? wanted : all);
        if (filtersValues()) {
            assertThat(pages).extracting(page -> page.items().size()).containsExactly(3, 1);
        }

        store.create(p + "node", b("{\"nodeName\":\"日本\"}"));
        assertThat(store.list(p, ListOptions.latest().containing(List.of("\"日本\""))).items()).extracting(KeyValue::key)
                .contains(p + "node").hasSize(filtersValues() ? 1 : 13);
    }

    // --- watch ---

    @Test
    void watchReplaysFromAPastRevisionInOrderWithPreviousValues() {
        long r1 = store.create(p + "a", b("a1"));
        long r2 = store.create(p + "b", b("b1"));
        long r3 = store.update(p + "a", b("a2"), r1);
        long r4 = store.delete(p + "b");
        store.create("/elsewhere" + p, b("not watched"));

        EventRecorder rec = new EventRecorder();
        Watch w = closeLater(store.watch(p, r1, rec));
        List<WatchEvent> events = rec.awaitEvents(4);

        assertThat(events).containsExactly(
                new WatchEvent.Put(new KeyValue(p + "a", b("a1"), r1, r1, 1, 0), Optional.empty()),
                new WatchEvent.Put(new KeyValue(p + "b", b("b1"), r2, r2, 1, 0), Optional.empty()),
                new WatchEvent.Put(new KeyValue(p + "a", b("a2"), r1, r3, 2, 0),
                        Optional.of(new KeyValue(p + "a", b("a1"), r1, r1, 1, 0))),
                new WatchEvent.Delete(p + "b", r4, Optional.of(new KeyValue(p + "b", b("b1"), r2, r2, 1, 0))));
        await().atMost(Duration.ofSeconds(5)).until(() -> w.lastRevision() == r4);
        assertThat(rec.errors()).isEmpty();
    }

    @Test
    void watchFromNowDeliversCreateUpdateDelete() {
        EventRecorder rec = new EventRecorder();
        Watch w = closeLater(store.watch(p, 0, rec));
        long r1 = store.create(p + "k", b("v1"));
        long r2 = store.update(p + "k", b("v2"), r1);
        long r3 = store.delete(p + "k", r2);

        List<WatchEvent> events = rec.awaitEvents(3);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(WatchEvent.Put.class, e -> {
            assertThat(e.isCreate()).isTrue();
            assertThat(e.previous()).isEmpty();
            assertThat(e.revision()).isEqualTo(r1);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(WatchEvent.Put.class, e -> {
            assertThat(e.isCreate()).isFalse();
            assertThat(e.previous().orElseThrow().valueAsString()).isEqualTo("v1");
            assertThat(e.kv().valueAsString()).isEqualTo("v2");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(WatchEvent.Delete.class, e -> {
            assertThat(e.revision()).isEqualTo(r3);
            assertThat(e.previous().orElseThrow().valueAsString()).isEqualTo("v2");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> w.lastRevision() == r3);
    }

    @Test
    void watchOfATxnDeliversAllItsEventsAtOneRevision() {
        EventRecorder rec = new EventRecorder();
        closeLater(store.watch(p, 0, rec));
        TxnResult r = store.txn(Txn.when().then(Op.put(p + "a", b("1")), Op.put(p + "b", b("2"))));
        List<WatchEvent> events = rec.awaitEvents(2);
        assertThat(events).extracting(WatchEvent::revision).containsExactly(r.revision(), r.revision());
        assertThat(rec.violations()).isEmpty();
    }

    @Test
    void watchResumesAfterServerRestartWithoutLossOrDuplicates() throws Exception {
        EventRecorder rec = new EventRecorder();
        Watch w = closeLater(store.watch(p, 0, rec));
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) written.add(store.put(p + "k" + i, b("before"), 0));
        rec.awaitEvents(3);

        endpoint().restart();
        // written right after the restart, while the watch is still reconnecting
        try (Store writer = EtcdStore.connect(endpoint().config())) {
            for (int i = 0; i < 5; i++) written.add(writer.put(p + "k" + i, b("after"), 0));
        }
        for (int i = 0; i < 2; i++) written.add(retrying(() -> store.put(p + "late", b("x"), 0)));

        List<WatchEvent> events = rec.awaitEvents(written.size());
        Thread.sleep(300); // a duplicate would arrive right behind the last event
        assertThat(rec.events()).extracting(WatchEvent::revision).containsExactlyElementsOf(written);
        assertThat(events).hasSize(written.size());
        assertThat(rec.violations()).isEmpty();
        assertThat(rec.errors()).isEmpty();
        assertThat(w.lastRevision()).isEqualTo(written.getLast());
    }

    @Test
    void listAndWatchFromACompactedRevisionReportTheCompactRevision() {
        long old = store.create(p + "a", b("1"));
        store.put(p + "a", b("2"), 0);
        long compactAt = store.put(p + "a", b("3"), 0);
        endpoint().compact(compactAt);

        assertThatThrownBy(() -> store.list(p, new ListOptions(old, 0, null)))
                .isInstanceOfSatisfying(StoreException.Compacted.class,
                        e -> assertThat(e.compactRevision()).isEqualTo(compactAt));

        EventRecorder rec = new EventRecorder();
        closeLater(store.watch(p, old, rec));
        assertThat(rec.awaitError()).isInstanceOfSatisfying(StoreException.Compacted.class,
                e -> assertThat(e.compactRevision()).isEqualTo(compactAt));
        assertThat(rec.events()).isEmpty();

        // the compact revision itself is still readable
        assertThat(store.list(p, new ListOptions(compactAt, 0, null)).items()).hasSize(1);
    }

    // --- leases ---

    @Test
    void aWriteAttachedToARevokedLeaseIsRefusedAsSuchAndWritesNothing() {
        Lease lease = store.leases().grant(Duration.ofSeconds(30));
        store.leases().revoke(lease.id());
        store.leases().revoke(lease.id()); // revoking what is gone is a no-op
        assertThatThrownBy(() -> store.create(p + "orphan", b("v"), lease.id())).isInstanceOf(StoreException.LeaseNotFound.class);
        assertThatThrownBy(() -> store.put(p + "orphan", b("v"), lease.id())).isInstanceOf(StoreException.LeaseNotFound.class);
        assertThat(store.get(p + "orphan")).isEmpty();
    }

    @Test
    void leaseExpiryDeletesAttachedKeysAndWatchSeesIt() {
        Lease lease = store.leases().grant(Duration.ofSeconds(2));
        store.create(p + "owned", b("v"), lease.id());
        store.create(p + "free", b("v"));
        assertThat(store.get(p + "owned").orElseThrow().lease()).isEqualTo(lease.id());
        EventRecorder rec = new EventRecorder();
        closeLater(store.watch(p, 0, rec));

        await().atMost(Duration.ofSeconds(15)).until(() -> store.get(p + "owned").isEmpty());
        assertThat(rec.awaitEvents(1).getFirst()).isInstanceOfSatisfying(WatchEvent.Delete.class,
                e -> assertThat(e.key()).isEqualTo(p + "owned"));
        assertThat(store.get(p + "free")).isPresent();
        assertThat(store.leases().timeToLive(lease.id())).isEmpty();
    }

    @Test
    void keepAliveKeepsAKeyPastItsTtlAndUpdateKeepsTheLease() throws Exception {
        Lease lease = store.leases().grant(Duration.ofSeconds(2));
        long r = store.create(p + "owned", b("v1"), lease.id());
        store.update(p + "owned", b("v2"), r);
        assertThat(store.get(p + "owned").orElseThrow().lease()).isEqualTo(lease.id());

        AtomicInteger lost = new AtomicInteger();
        KeepAlive keepAlive = closeLater(store.leases().keepAlive(lease.id(), lost::incrementAndGet));
        Thread.sleep(lease.ttl().multipliedBy(3).toMillis());
        assertThat(store.get(p + "owned")).isPresent();
        assertThat(keepAlive.isAlive()).isTrue();

        keepAlive.close();
        await().atMost(lease.ttl().plusSeconds(10)).until(() -> store.get(p + "owned").isEmpty());
        assertThat(lost.get()).isZero(); // closing is not losing
    }

    @Test
    void keepAliveReportsALeaseRevokedElsewhere() {
        Lease lease = store.leases().grant(Duration.ofSeconds(3));
        CountDownLatch lost = new CountDownLatch(1);
        KeepAlive keepAlive = closeLater(store.leases().keepAlive(lease.id(), lost::countDown));
        store.leases().revoke(lease.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> lost.getCount() == 0 && !keepAlive.isAlive());
    }

    @Test
    void leaseStatusTruncatesTheRemainingTtlAndAKeepAliveResetsIt() throws InterruptedException {
        Lease lease = store.leases().grant(Duration.ofSeconds(10));
        // etcd reports whole seconds left, truncated: a lease granted just now has 9 and a bit
        assertThat(store.leases().status(lease.id())).hasValueSatisfying(s -> {
            assertThat(s.granted()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.remaining()).isLessThan(Duration.ofSeconds(10));
        });
        Thread.sleep(2_100);
        assertThat(store.leases().status(lease.id()).orElseThrow().remaining()).isLessThanOrEqualTo(Duration.ofSeconds(7));
        closeLater(store.leases().keepAlive(lease.id()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(store.leases().status(lease.id())
                .orElseThrow().remaining()).isGreaterThanOrEqualTo(Duration.ofSeconds(8)));
        store.leases().revoke(lease.id());
        assertThat(store.leases().status(lease.id())).isEmpty();
    }

    @Test
    void revokeDeletesAttachedKeysAtOnce() {
        Lease lease = store.leases().grant(Duration.ofSeconds(60));
        store.create(p + "a", b("v"), lease.id());
        store.put(p + "b", b("v"), lease.id());
        assertThat(store.leases().timeToLive(lease.id())).hasValueSatisfying(
                ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));
        store.leases().revoke(lease.id());
        assertThat(store.list(p, ListOptions.latest()).items()).isEmpty();
        store.leases().revoke(lease.id()); // already gone: no error
    }

    // --- transactions ---

    @Test
    void txnIsAllOrNothing() {
        long r = store.create(p + "guard", b("g"));
        TxnResult failed = store.txn(Txn.when(Compare.modRevision(p + "guard").eq(r), Compare.absent(p + "guard"))
                .then(Op.put(p + "x", b("1")), Op.put(p + "y", b("1")), Op.delete(p + "guard"))
                .otherwise(Op.get(p + "guard")));
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.results()).singleElement().isInstanceOfSatisfying(OpResult.Get.class,
                g -> assertThat(g.kv().orElseThrow().modRevision()).isEqualTo(r));
        assertThat(store.list(p, ListOptions.latest()).items()).extracting(KeyValue::key).containsExactly(p + "guard");

        TxnResult ok = store.txn(Txn.when(Compare.modRevision(p + "guard").eq(r), Compare.value(p + "guard").eq("g"),
                        Compare.lease(p + "guard").eq(0), Compare.version(p + "guard").eq(1))
                .then(Op.put(p + "x", b("1")), Op.put(p + "y", b("1")), Op.delete(p + "guard"), Op.get(p + "x")));
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.results()).hasSize(4);
        assertThat(ok.results().get(2)).isEqualTo(new OpResult.Delete(1));
        assertThat(ok.results().get(3)).isInstanceOfSatisfying(OpResult.Get.class,
                g -> assertThat(g.kv().orElseThrow().modRevision()).isEqualTo(ok.revision()));
        List<KeyValue> after = store.list(p, ListOptions.latest()).items();
        assertThat(after).extracting(KeyValue::key).containsExactly(p + "x", p + "y");
        assertThat(after).allSatisfy(kv -> assertThat(kv.modRevision()).isEqualTo(ok.revision()));

        TxnResult swept = store.txn(Txn.when(Compare.present(p + "x")).then(Op.deletePrefix(p)));
        assertThat(swept.results()).containsExactly(new OpResult.Delete(2));
    }

    @Test
    void txnComparesLeases() {
        Lease lease = store.leases().grant(Duration.ofSeconds(30));
        closeLater(() -> store.leases().revoke(lease.id()));
        store.create(p + "k", b("v"), lease.id());
        assertThat(store.txn(Txn.when(Compare.lease(p + "k").eq(lease.id()))).succeeded()).isTrue();
        assertThat(store.txn(Txn.when(Compare.lease(p + "k").eq(0))).succeeded()).isFalse();
    }

    // --- concurrency ---

    @Test
    void concurrentCasIncrementsLoseNothing() throws Exception {
        int threads = 4, increments = 25;
        store.create(p + "counter", b("0"));
        AtomicInteger conflicts = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int i = 0; i < increments; i++) {
                    while (true) {
                        KeyValue kv = store.get(p + "counter").orElseThrow();
                        int next = Integer.parseInt(kv.valueAsString()) + 1;
                        try {
                            store.update(p + "counter", b(Integer.toString(next)), kv.modRevision());
                            break;
                        } catch (StoreException.Conflict e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        runAll(workers);
        KeyValue end = store.get(p + "counter").orElseThrow();
        assertThat(end.valueAsString()).isEqualTo(Integer.toString(threads * increments));
        assertThat(end.version()).isEqualTo(1 + threads * increments);
    }

    @Test
    void concurrentCreatesHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger exists = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Void>> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String me = "racer-" + t;
            racers.add(() -> {
                go.await();
                try {
                    store.create(p + "leader", b(me));
                    wins.incrementAndGet();
                } catch (StoreException.AlreadyExists e) {
                    exists.incrementAndGet();
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> fs = racers.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<Void> f : fs) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins.get()).isEqualTo(1);
        assertThat(exists.get()).isEqualTo(threads - 1);
        assertThat(store.get(p + "leader").orElseThrow().version()).isEqualTo(1);
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A write right after a server restart may meet a connection that is still re-establishing. */
    private static long retrying(Callable<Long> write) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return write.call();
            } catch (StoreException.Unavailable e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }
}
