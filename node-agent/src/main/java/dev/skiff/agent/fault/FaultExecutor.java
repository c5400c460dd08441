package dev.skiff.agent.fault;

import dev.skiff.agent.proxy.chaos.ChaosFilter;
import dev.skiff.api.Endpoints;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosPhase;
import dev.skiff.chaos.ChaosStatus;
import dev.skiff.chaos.ChaosTarget;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.FaultLifetime;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.EventRecorder;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.store.StoreException;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's side of chaos (issue 9): applies the faults whose targets are on this node and
 * reverts them when {@link FaultLifetime} says they ended — halt, deletion, a lost lease (seen
 * through a watch on {@link ChaosLease#PREFIX}, so within a second), or the duration. One thread
 * does all of it, woken by any change and at least every {@link #TICK}. The {@link Ledger}
 * remembers what is applied, so a restarted agent reverts what ended meanwhile and applies
 * nothing twice. It also hands the active NetworkChaos rules to the service proxy's filter.
 */
public final class FaultExecutor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FaultExecutor.class.getName());
    static final Duration TICK = Duration.ofSeconds(2);

    private final Client client;
    private final FaultHost host;
    private final Ledger ledger;
    private final EventRecorder events;
    private final Clock clock;
    private final NetworkRules network;
    private final List<Informer<? extends Fault>> informers = new ArrayList<>();
    private final Semaphore kicks = new Semaphore(0);
    private final Set<String> warned = new HashSet<>();
    private volatile boolean closed;
    private Watch leaseWatch;
    private Thread loop;

    private FaultExecutor(Client client, FaultHost host, Path ledgerDir, EventRecorder events, Clock clock,
                          NetworkRules network) {
        this.client = client;
        this.host = host;
        this.ledger = new Ledger(ledgerDir);
        this.events = events;
        this.clock = clock;
        this.network = network;
    }

    /**
     * Starts watching once the fault caches are filled (an unfilled cache would make applied
     * faults look deleted). {@code filter} and {@code endpoints} may be null when this node runs
     * no service proxy.
     */
    public static FaultExecutor start(Client client, FaultHost host, Path ledgerDir, EventRecorder events, Clock clock,
                                      ChaosFilter filter, Informer<Endpoints> endpoints) {
        ChaosKinds.register();
        var ex = new FaultExecutor(client, host, ledgerDir, events, clock, new NetworkRules(filter, endpoints, events,
                host.nodeName(), !"docker".equals(host.runtime().name())));
        ex.run();
        return ex;
    }

    private void run() {
        for (Class<? extends Fault> type : ChaosKinds.TYPES) informers.add(watched(type));
        for (var i : informers) {
            if (!i.awaitSynced(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not list " + i.type().getSimpleName() + " from the store within 60 s");
            }
        }
        leaseWatch = client.store().watch(ChaosLease.PREFIX, 0, new LeaseListener());
        if (network.endpoints() != null) network.endpoints().addHandler(kicker());
        loop = Thread.ofVirtual().name("fault-executor").start(this::loop);
    }

    private <F extends Fault> Informer<F> watched(Class<F> type) {
        return new Informer<>(client, type, null).addHandler(kicker()).start();
    }

    private <T extends dev.skiff.api.Resource> ResourceHandler<T> kicker() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T obj) {
                kick();
            }

            @Override
            public void onUpdate(T previous, T obj) {
                kick();
            }

            @Override
            public void onDelete(T obj) {
                kick();
            }
        };
    }

    void kick() {
        kicks.release();
    }

    private void loop() {
        while (!closed) {
            Duration next;
            try {
                next = sync();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "fault executor: " + e.getMessage(), e);
                next = Duration.ofSeconds(1);
            }
            try {
                kicks.tryAcquire(Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
                kicks.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass over every fault and the ledger; returns when to look again at the latest. */
    private Duration sync() {
        Instant now = clock.instant();
        Map<String, LedgerEntry> applied = ledger.load();
        Map<String, Fault> byUid = new HashMap<>();
        Map<Long, Boolean> leases = new HashMap<>();
        List<Fault> active = new ArrayList<>();
        Map<Fault, List<TargetChange>> reports = new LinkedHashMap<>();
        Duration next = TICK;
        for (var informer : informers) {
            for (Fault f : informer.list()) {
                // the engine's to carry out: an agent that saw one before the engine marked it injected once
                // powered its node off for a node-drain (and whatever it applied is reverted as an orphan)
                if (dev.skiff.chaos.Execution.byEngine(f)) continue;
                byUid.put(f.metadata().uid(), f);
                ChaosStatus s = f.statusOrNew();
                if (s.phase() != ChaosPhase.RUNNING || s.startTime() == null) continue;
                var verdict = FaultLifetime.verdict(f, now,
                        id -> leases.computeIfAbsent(id, k -> ChaosLease.alive(client.store(), k)));
                if (verdict instanceof FaultLifetime.Active a) {
                    active.add(f);
                    next = a.left(now).filter(l -> l.compareTo(TICK) < 0).map(l -> l.plusMillis(1)).orElse(next);
                }
                List<TargetChange> changes = handle(f, verdict, applied);
                if (!changes.isEmpty()) reports.put(f, changes);
            }
        }
        revertOrphans(applied, byUid);
        network.update(active);
        // after the proxy has the rules: a status that says injected is true of the traffic too
        reports.forEach(this::report);
        return next;
    }

    /** Applies or reverts this node's targets of one fault; returns the changes to report in one status write. */
    private List<TargetChange> handle(Fault f, FaultLifetime.Verdict verdict, Map<String, LedgerEntry> applied) {
        List<TargetChange> changes = new ArrayList<>();
        for (ChaosTarget t : f.statusOrNew().targets()) {
            if (!host.nodeName().equals(t.node()) || t.recoveredAt() != null) continue;
            LedgerEntry entry = applied.remove(LedgerEntry.keyOf(f.metadata().uid(), t.ref()));
            if (verdict instanceof FaultLifetime.Active) {
                if (entry == null && t.injectedAt() == null) {
                    entry = apply(f, t);
                } else if (entry != null) {
                    entry = keep(f, t, entry);
                }
                if (entry != null && t.injectedAt() == null) {
                    changes.add(new TargetChange(t.ref(), true, clock.instant(), entry.message()));
                }
            } else if (entry != null) {
                changes.add(new TargetChange(t.ref(), false, clock.instant(), revert(entry, f)));
            } else if (t.injectedAt() != null) {
                changes.add(new TargetChange(t.ref(), false, clock.instant(), "reverted"));
            }
        }
        return changes;
    }

    private LedgerEntry apply(Fault f, ChaosTarget t) {
        LedgerEntry entry = ledger.save(LedgerEntry.of(f, t, clock.instant()));
        try {
            LedgerEntry done = TargetExecutor.of(f.kind(), f.spec().actionName(), host, clock).apply(f, t, entry, ledger);
            done = ledger.save(done.withMessage(done.message() == null ? "applied" : done.message()));
            events.normal(f, "Injected", f.spec().actionName() + " " + t.ref() + " on " + host.nodeName() + ": " + done.message());
            return done;
        } catch (RuntimeException e) {
            // recorded as injected with the failure: reverting it is harmless, retrying could apply it twice
            LOG.log(Level.WARNING, "cannot apply " + f.kind() + " " + f.namespace() + "/" + f.name() + " to " + t.ref(), e);
            events.warning(f, "InjectFailed", t.ref() + " on " + host.nodeName() + ": " + e.getMessage());
            return ledger.save(entry.withMessage("failed: " + e.getMessage()));
        }
    }

    private LedgerEntry keep(Fault f, ChaosTarget t, LedgerEntry entry) {
        try {
            return TargetExecutor.of(f.kind(), f.spec().actionName(), host, clock).keep(f, t, entry, ledger);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep " + f.kind() + " " + f.namespace() + "/" + f.name() + " on " + t.ref(), e);
            return entry;
        }
    }

    /** Reverts and forgets one entry; {@code about} is its fault object when it still exists. */
    private String revert(LedgerEntry entry, Fault about) {
        String message;
        try {
            message = TargetExecutor.of(entry.kind(), entry.action(), host, clock).revert(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot revert " + entry.fault() + " on " + entry.target() + "; retrying", e);
            throw e; // the entry stays in the ledger: the next pass tries again
        }
        ledger.remove(entry);
        if (about != null) {
            events.normal(about, "Recovered", entry.action() + " " + entry.target() + " on " + host.nodeName() + ": " + message);
        }
        LOG.info("reverted " + entry.fault() + " on " + entry.target() + ": " + message);
        return message;
    }

    /** Entries whose fault is gone, or finished without us: reverted all the same. */
    private void revertOrphans(Map<String, LedgerEntry> left, Map<String, Fault> byUid) {
        for (LedgerEntry e : left.values()) {
            Fault f = byUid.get(e.faultUid());
            ChaosStatus s = f == null ? ChaosStatus.NEW : f.statusOrNew();
            if (f != null && !s.ended() && s.endReason() == null) {
                if (warned.add(e.key())) LOG.warning("ledger entry " + e.key() + " names no target of " + e.fault() + " on this node");
                continue;
            }
            revert(e, f);
        }
    }

    private void report(Fault f, List<TargetChange> changes) {
        try {
            modifyStatus(f, changes);
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile: nothing to report to
        } catch (ApiException | StoreException e) {
            LOG.warning("cannot report " + changes.size() + " target(s) of " + f.kind() + " " + f.namespace() + "/"
                    + f.name() + ": " + e.getMessage() + "; retrying on the next pass");
        }
    }

    @SuppressWarnings("unchecked")
    private <F extends Fault> void modifyStatus(F f, List<TargetChange> changes) {
        Class<F> type = (Class<F>) f.getClass();
        client.modifyStatus(type, f.namespace(), f.name(),
                cur -> (F) cur.withStatus(TargetChange.applyAll(cur.statusOrNew(), changes)));
    }

    /** What the ledger holds now (for tests and the API). */
    public List<LedgerEntry> applied() {
        return List.copyOf(ledger.load().values());
    }

    /** Stops watching. Nothing is reverted: what is applied stays in the ledger for the next agent. */
    @Override
    public void close() {
        closed = true;
        if (leaseWatch != null) leaseWatch.close();
        informers.forEach(Informer::close);
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class LeaseListener implements WatchListener {
        @Override
        public void onEvents(List<WatchEvent> batch) {
            if (batch.stream().anyMatch(e -> e instanceof WatchEvent.Delete)) kick();
        }

        @Override
        public void onError(StoreException e) {
            // the periodic pass checks every lease anyway
        }
    }
}
