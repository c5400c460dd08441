package dev.skiff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.Defaults;
import dev.skiff.api.FieldError;
import dev.skiff.api.Json;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.Namespace;
import dev.skiff.api.NamespaceStatus;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodStatus;
import dev.skiff.api.Resource;
import dev.skiff.api.Service;
import dev.skiff.api.Validation;
import dev.skiff.client.admission.Admission;
import dev.skiff.client.admission.AdmissionPlugin;
import dev.skiff.client.admission.Write;
import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Keys;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Op;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.TxnResult;
import dev.skiff.store.Txn;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Typed CRUD over the {@link Store}: defaults and validates on every write, manages metadata (uid,
 * creationTimestamp, generation bumped on spec changes only, resourceVersion = the store's
 * modRevision), and turns store refusals into kubectl-style {@link ApiException}s. Every write is a
 * store transaction, so {@link #guardedBy extra conditions} (leadership) apply to all of them.
 * Creates and updates pass the {@link AdmissionPlugin admission chain} (LimitRange defaults, then
 * ResourceQuota usage, by default): whoever writes — CLI, scripts, the engine — gets the same rules.
 */
public final class Client {

    /** Namespaces that always exist, as the API server guarantees for {@code default}. */
    public static final Set<String> BUILT_IN_NAMESPACES = Set.of("default", "skiff-system");

    private static final int PAGE_SIZE = 500;
    /** Tries to charge a quota that others keep charging first; each failure means one of them got through. */
    private static final int MAX_CHARGE_ATTEMPTS = 40;
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final Store store;
    private final Clock clock;
    private final List<Compare> guards;
    private final List<AdmissionPlugin> admission;
    private final ServiceAllocator allocator;
    private final SecureRandom random = new SecureRandom();
    /** Set only on the short-lived copy that plans one batch ({@link #forOneBatch}); null otherwise. */
    private final BatchReads batchReads;

    /** A client with the {@link Admission#standard() standard admission chain}. */
    public Client(Store store, Clock clock) {
        this(store, clock, Admission.standard());
    }

    public Client(Store store, Clock clock, List<AdmissionPlugin> admission) {
        this(store, clock, List.of(), admission);
    }

    private Client(Store store, Clock clock, List<Compare> guards, List<AdmissionPlugin> admission) {
        this(store, clock, guards, admission, null);
    }

    private Client(Store store, Clock clock, List<Compare> guards, List<AdmissionPlugin> admission,
                   BatchReads batchReads) {
        this.store = store;
        this.clock = clock;
        this.guards = List.copyOf(guards);
        this.admission = List.copyOf(admission);
        this.allocator = new ServiceAllocator(store);
        this.batchReads = batchReads;
    }

    /**
     * A copy of this client for planning one batch of writes: what admission lists (LimitRanges)
     * and the namespaces creates are guarded by are read once for the whole batch. Never kept.
     */
    private Client forOneBatch() {
        return new Client(store, clock, guards, admission, new BatchReads());
    }

    public Store store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    /** A client whose every write also requires {@code guard} (e.g. "I still hold the leader key"). */
    public Client guardedBy(Compare guard) {
        List<Compare> all = new ArrayList<>(guards);
        all.add(guard);
        return new Client(store, clock, all, admission);
    }

    // ---- reads

    public <T extends Resource> Optional<T> get(Class<T> type, String namespace, String name) {
        ObjectRef ref = ObjectRef.of(type, namespace, name);
        return store.get(ref.key()).map(kv -> decode(type, kv));
    }

    public <T extends Resource> T require(Class<T> type, String namespace, String name) {
        return get(type, namespace, name).orElseThrow(() -> new ApiException.NotFound(ObjectRef.of(type, namespace, name)));
    }

    /** Objects of a kind in {@code namespace} (null = all namespaces) matching {@code selector} (null = all). */
    public <T extends Resource> ResourceList<T> list(Class<T> type, String namespace, LabelSelector selector) {
        return listFiltered(type, namespace, StoredFilter.labelled(selector));
    }

    /** Objects of a kind in {@code namespace} (null = all) that pass {@code filter}; the others are never decoded. */
    <T extends Resource> ResourceList<T> listFiltered(Class<T> type, String namespace, StoredFilter<T> filter) {
        KindInfo kind = ObjectRef.kindOf(type);
        String prefix = kind.namespaced() && namespace != null
                ? Keys.inNamespace(kind.plural(), namespace) : Keys.ofKind(kind.plural());
        List<T> items = new ArrayList<>();
        // the store may skip what cannot match (the embedded server does); every value is still tested here
        ListOptions options = ListOptions.page(PAGE_SIZE).containing(filter.contains());
        Page page;
        long revision;
        do {
            page = store.list(prefix, options);
            revision = page.revision();
            for (KeyValue kv : page.items()) {
                if (!filter.mayMatch(kv.value())) continue;
                T item = decode(type, kv);
                if (filter.matches(item)) items.add(item);
            }
            if (page.more()) options = options.next(page);
        } while (page.more());
        return new ResourceList<>(items, revision);
    }

    public <T extends Resource> ResourceList<T> list(Class<T> type, String namespace) {
        if (batchReads != null) return batchReads.list(type, namespace, () -> list(type, namespace, null));
        return list(type, namespace, null);
    }

    /** Watches a kind (in one namespace, or all when null) from {@code fromRevision} inclusive. */
    public <T extends Resource> Watch watch(Class<T> type, String namespace, long fromRevision,
                                            Consumer<ResourceEvent<T>> onEvent, Consumer<RuntimeException> onError) {
        return watch(type, namespace, fromRevision, e -> toResourceEvent(type, e), onEvent, onError);
    }

    /** The raw store events of a kind, for a cache that decodes (or skips) them itself ({@link Informer}). */
    Watch watchRaw(Class<? extends Resource> type, String namespace, long fromRevision,
                   Consumer<WatchEvent> onEvent, Consumer<RuntimeException> onError) {
        return watch(type, namespace, fromRevision, e -> e, onEvent, onError);
    }

    private <E> Watch watch(Class<? extends Resource> type, String namespace, long fromRevision,
                            java.util.function.Function<WatchEvent, E> convert,
                            Consumer<E> onEvent, Consumer<RuntimeException> onError) {
        KindInfo kind = ObjectRef.kindOf(type);
        String prefix = kind.namespaced() && namespace != null
                ? Keys.inNamespace(kind.plural(), namespace) : Keys.ofKind(kind.plural());
        return store.watch(prefix, fromRevision, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                for (WatchEvent e : batch) onEvent.accept(convert.apply(e));
            }

            @Override
            public void onError(dev.skiff.store.StoreException e) {
                onError.accept(e);
            }
        });
    }

    // ---- writes

    /**
     * Creates the object; a missing name is generated from {@code metadata.generateName}. A
     * Service gets its cluster IP and node ports in the same transaction.
     */
    public <T extends Resource> T create(T object) {
        for (int attempt = 1; ; attempt++) {
            Planned<T> plan = planCreate(object, Set.of());
            try {
                return commit(plan);
            } catch (ApiException.Conflict e) {
                // only a raced random allocation is a conflict on create: pick again
                if (attempt >= 8) throw e;
            }
        }
    }

    /**
     * One validated, admitted write, not yet sent: the conditions it needs, the put that does it,
     * the stored object it replaces (null for a create), which quota admission charges against,
     * and the allocation keys (service IPs, node ports) it takes or gives back along with it.
     * {@code encoded} is the object's stored bytes when worked out already (else encoded per send);
     * a {@code chargeFree} write changes no resources, so quota admission need not even look at it.
     */
    record Planned<T extends Resource>(ObjectRef ref, List<Compare> compares, T object, Resource previous,
                                       List<ServiceAllocator.Claim> claims, List<Op> extraOps, byte[] encoded,
                                       boolean chargeFree) {
        Planned(ObjectRef ref, List<Compare> compares, T object, Resource previous,
                List<ServiceAllocator.Claim> claims, List<Op> extraOps) {
            this(ref, compares, object, previous, claims, extraOps, null, false);
        }

        Planned(ObjectRef ref, List<Compare> compares, T object, Resource previous) {
            this(ref, compares, object, previous, List.of(), List.of());
        }

        boolean create() {
            return previous == null;
        }

        List<Op> ops() {
            List<Op> ops = new ArrayList<>();
            ops.add(Op.put(ref.key(), encoded != null ? encoded : encode(object), 0));
            ops.addAll(extraOps);
            return ops;
        }

        Write write() {
            return new Write(ref, object, previous);
        }
    }

    /** Plans a create; objects in {@code pendingNamespaces} need no existing namespace. */
    <T extends Resource> Planned<T> planCreate(T object, Set<String> pendingNamespaces) {
        T prepared = prepareNew(object);
        ObjectRef ref = ObjectRef.of(prepared);
        validate(ref, prepared);
        T obj = admit(new Write(ref, prepared, null));
        List<Compare> compares = new ArrayList<>();
        compares.add(Compare.absent(ref.key()));
        if (!pendingNamespaces.contains(ref.namespace())) namespaceGuard(ref).ifPresent(compares::add);
        if (obj instanceof Service svc) {
            ServiceAllocator.Plan alloc = allocator.forCreate(ref, svc);
            alloc.claims().forEach(c -> compares.add(c.absent()));
            @SuppressWarnings("unchecked")
            T allocated = (T) alloc.service();
            return new Planned<>(ref, compares, allocated, null, alloc.claims(),
                    alloc.ops(ServiceAllocator.owner(alloc.service())));
        }
        return new Planned<>(ref, compares, obj, null);
    }

    /** Plans replacing {@code stored} by {@code incoming}; empty when nothing would change. */
    <T extends Resource> Optional<Planned<T>> planUpdate(Class<T> type, T stored, T incoming) {
        ObjectRef ref = ObjectRef.of(stored);
        long expected = incoming.metadata().revision() == 0 ? stored.metadata().revision() : incoming.metadata().revision();
        // a change computed from an older version is a conflict even when it now looks like a no-op
        if (expected != stored.metadata().revision()) throw new ApiException.Conflict(ref);
        // one tree of the stored version serves the merge, the no-op test and the generation test:
        // tree conversions were most of an update's CPU (a bind is one)
        ObjectNode storedTree = (ObjectNode) Json.toTree(stored);
        T defaulted = Defaults.apply(mergeForUpdate(type, stored, storedTree, incoming));
        ServiceAllocator.Plan alloc = null;
        if (defaulted instanceof Service svc && stored instanceof Service old && svc.spec() != null && old.spec() != null) {
            alloc = allocator.forUpdate(ref, old, svc);
            @SuppressWarnings("unchecked")
            T allocated = (T) alloc.service();
            defaulted = allocated;
        }
        validate(ref, defaulted);
        T merged = admit(new Write(ref, defaulted, stored));
        ObjectNode mergedTree = (ObjectNode) Json.toTree(merged);
        if (sameContent(storedTree, mergedTree)) return Optional.empty();
        List<Compare> compares = new ArrayList<>(List.of(Compare.modRevision(ref.key()).eq(expected)));
        T updated = sameExcept(storedTree, mergedTree, METADATA_AND_STATUS) ? merged : withNextGeneration(merged);
        if (alloc == null || (alloc.claims().isEmpty() && alloc.releases().isEmpty())) {
            return Optional.of(new Planned<>(ref, compares, updated, stored));
        }
        alloc.claims().forEach(c -> compares.add(c.absent()));
        return Optional.of(new Planned<>(ref, compares, updated, stored, alloc.claims(),
                alloc.ops(ServiceAllocator.owner((Service) updated))));
    }

    /**
     * Sends planned writes in one transaction: all happen, or none. Returns the new revision. What
     * admission charges for them (quota usage) commits in the same transaction, guarded by the
     * charged objects' revisions; when another writer charged first, usage is re-read and
     * re-checked, so a quota is never exceeded and losing that race is not an error.
     */
    long commitAll(List<? extends Planned<?>> plans) {
        for (int attempt = 1; ; attempt++) {
            List<Compare> compares = new ArrayList<>(guards);
            List<Op> ops = new ArrayList<>();
            for (Planned<?> p : plans) {
                compares.addAll(p.compares());
                ops.addAll(p.ops());
            }
            List<Compare> chargeGuards = new ArrayList<>();
            for (Resource charged : charges(plans)) {
                String key = ObjectRef.of(charged).key();
                chargeGuards.add(Compare.modRevision(key).eq(charged.metadata().revision()));
                ops.add(Op.put(key, encode(charged), 0));
            }
            compares.addAll(chargeGuards);
            TxnResult result = store.txn(new Txn(compares, ops, List.of()));
            if (result.succeeded()) return result.revision();
            if (chargeGuards.isEmpty() || attempt >= MAX_CHARGE_ATTEMPTS || holds(chargeGuards) || !backOff(attempt)) {
                throw refusal(plans);
            }
        }
    }

    private <T extends Resource> T admit(Write write) {
        Resource current = write.object();
        for (AdmissionPlugin plugin : admission) {
            current = plugin.admit(new Write(write.ref(), current, write.previous()), this);
        }
        @SuppressWarnings("unchecked")
        T admitted = (T) current;
        // what admission added (defaults) must be as valid as what the user wrote
        if (!admitted.equals(write.object())) validate(write.ref(), admitted);
        return admitted;
    }

    private List<Resource> charges(List<? extends Planned<?>> plans) {
        if (admission.isEmpty()) return List.of();
        List<Write> writes = plans.stream().filter(p -> !p.chargeFree()).map(Planned::write).toList();
        if (writes.isEmpty()) return List.of();
        List<Resource> all = new ArrayList<>();
        for (AdmissionPlugin plugin : admission) all.addAll(plugin.charge(writes, this));
        return all;
    }

    private boolean holds(List<Compare> compares) {
        return store.txn(new Txn(compares, List.of(), List.of())).succeeded();
    }

    /** Racing writers spread out so one of them gets through each round; false when interrupted. */
    private boolean backOff(int attempt) {
        try {
            Thread.sleep(random.nextInt(1 + Math.min(50, 2 * attempt)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Creates all of {@code objects} in one transaction: all or none, one round trip. For writers
     * of many small independent objects (the EventRecorder); at most {@link Apply#MAX_OPS_PER_TXN}.
     */
    <T extends Resource> List<T> createAll(List<T> objects) {
        if (objects.size() > Apply.MAX_OPS_PER_TXN) {
            throw new IllegalArgumentException("at most " + Apply.MAX_OPS_PER_TXN + " objects per transaction, got "
                    + objects.size());
        }
        Client planner = forOneBatch();
        List<Planned<T>> plans = objects.stream().map(o -> planner.planCreate(o, Set.<String>of())).toList();
        long revision = commitAll(plans);
        return plans.stream().map(p -> withRevision(p.object(), revision)).toList();
    }

    /** The most creates {@link #createAllOrEach} sends in one transaction (each compares its key and namespace). */
    public static final int MAX_CREATES_PER_TXN = 40;

    /**
     * Several {@link #create}s in one transaction: one round trip instead of one each. When the
     * batch fails (a quota the batch as a whole would exceed, a raced generated name) each is
     * sent alone, so as many as can be land and each other gets its own error. Results come in
     * the order of {@code objects}.
     */
    public <T extends Resource> List<Written<T>> createAllOrEach(List<T> objects) {
        requireAtMost(MAX_CREATES_PER_TXN, objects.size(), "creates");
        if (objects.size() > 1) {
            try {
                Client planner = forOneBatch();
                List<Planned<T>> plans = objects.stream().map(o -> planner.planCreate(o, Set.<String>of())).toList();
                long revision = commitAll(plans);
                return plans.stream().map(p -> new Written<>(withRevision(p.object(), revision), null)).toList();
            } catch (RuntimeException e) {
                // one at a time below: each gets its own answer
            }
        }
        return objects.stream().map(obj -> attempt(() -> create(obj))).toList();
    }

    private <T extends Resource> T commit(Planned<T> plan) {
        return withRevision(plan.object(), commitAll(List.of(plan)));
    }

    /** Names the first planned write whose condition no longer holds. */
    private RuntimeException refusal(List<? extends Planned<?>> plans) {
        if (!guardsHold()) return notGuarded(plans.getFirst().ref());
        for (Planned<?> p : plans) {
            if (p.create() && store.get(p.ref().key()).isPresent()) return new ApiException.AlreadyExists(p.ref());
            for (ServiceAllocator.Claim c : p.claims()) {
                if (store.get(c.key()).isEmpty()) continue;
                // a value the user chose is refused; one we picked at random raced another creator: pick again
                if (c.explicit()) {
                    return ServiceAllocator.invalid(p.ref(), c.field(), "Invalid value: " + (c.what().equals("IP")
                            ? "\"" + c.value() + "\"" : c.value()) + ": provided " + c.what() + " is already allocated");
                }
                return new ApiException.Conflict(p.ref());
            }
            Optional<KeyValue> now = store.get(p.ref().key());
            if (p.create() && now.isPresent()) return new ApiException.AlreadyExists(p.ref());
            if (!p.create() && now.isEmpty()) return new ApiException.NotFound(p.ref());
            if (!store.txn(new Txn(p.compares(), List.of(), List.of())).succeeded()) {
                return p.create() ? createRefused(p.ref()) : new ApiException.Conflict(p.ref());
            }
        }
        return new ApiException.Conflict(plans.getFirst().ref());
    }

    /**
     * Replaces spec, labels and annotations; status and server-managed metadata are kept. The
     * object's resourceVersion is the precondition: a concurrent change is a {@link ApiException.Conflict}.
     */
    public <T extends Resource> T update(T object) {
        ObjectRef ref = ObjectRef.of(object);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) object.getClass();
        KeyValue current = store.get(ref.key()).orElseThrow(() -> new ApiException.NotFound(ref));
        T stored = decode(type, current);
        return planUpdate(type, stored, object).map(this::commit).orElse(stored);
    }

    /**
     * Like {@link #update}, but trusts {@code stored} (say, an informer's copy) instead of reading
     * the object first: one round trip instead of two. The write is still a compare-and-swap on
     * stored's resourceVersion, so a stale copy is a {@link ApiException.Conflict}, never a lost update.
     */
    public <T extends Resource> T updateFrom(T stored, T object) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) stored.getClass();
        return planUpdate(type, stored, object).map(this::commit).orElse(stored);
    }

    /** One update of a batch: {@code object} replaces {@code stored} (say, an informer's copy). */
    public record Update<T extends Resource>(T stored, T object) {}

    /** What became of one update of a batch: the stored result, or the error {@link #updateFrom} would throw. */
    public record Written<T extends Resource>(T stored, RuntimeException error) {}

    /** The most updates {@link #updateAllFrom} sends in one transaction (each is a compare and a put). */
    public static final int MAX_UPDATES_PER_TXN = Apply.MAX_OPS_PER_TXN / 2 - 2;

    /**
     * Several {@link #updateFrom}s, each still a compare-and-swap on its stored copy's revision, in
     * one transaction: one round trip instead of one each. When any of them raced (or the batch
     * failed for another reason) each is sent alone, so the others still land and only the stale
     * one is refused. Results come in the order of {@code updates}.
     */
    public <T extends Resource> List<Written<T>> updateAllFrom(List<Update<T>> updates) {
        requireAtMost(MAX_UPDATES_PER_TXN, updates.size(), "updates");
        return commitPrepared(updates.stream().map(u -> prepareUpdate(u.stored(), u.object())).toList());
    }

    /**
     * An update worked out (merged, defaulted, validated, admitted, encoded) but not sent: what
     * {@link #prepareUpdate} returns and {@link #commitPrepared} sends. Preparing is most of an
     * update's CPU; a writer that gathers many updates into one transaction lets each caller prepare
     * its own, at once, instead of preparing them all one after another in front of the send.
     */
    public static final class Prepared<T extends Resource> {
        private final T stored;
        private final Planned<T> plan; // null: nothing to change, or refused
        private final RuntimeException error;

        private Prepared(T stored, Planned<T> plan, RuntimeException error) {
            this.stored = stored;
            this.plan = plan;
            this.error = error;
        }
    }

    /** The first half of {@link #updateFrom}: everything but the write. Never throws; a refusal travels in it. */
    public <T extends Resource> Prepared<T> prepareUpdate(T stored, T object) {
        try {
            @SuppressWarnings("unchecked")
            Class<T> type = (Class<T>) stored.getClass();
            return new Prepared<>(stored, planUpdate(type, stored, object).orElse(null), null);
        } catch (RuntimeException e) {
            return new Prepared<>(stored, null, e);
        }
    }

    /**
     * A bind, as Kubernetes' pods/binding subresource: {@code stored} (an unbound pod, say an
     * informer's copy) placed on {@code node}, ready for {@link #commitPrepared}. Only
     * spec.nodeName changes, so there is nothing to merge, default, validate or admit (a bind
     * changes no resources: LimitRanges and quotas have nothing to say); the write is still a
     * compare-and-swap on stored's revision under this client's guards, so a pod changed since
     * is a {@link ApiException.Conflict}. A pod already bound is a Conflict too, as in Kubernetes.
     * Never throws; a refusal travels in the result.
     */
    public Prepared<Pod> prepareBind(Pod stored, String node) {
        ObjectRef ref = ObjectRef.of(stored);
        if (node == null || node.isEmpty()) {
            return new Prepared<>(stored, null, new ApiException.Invalid(ref,
                    List.of(new FieldError("spec.nodeName", "a bind needs the name of a node"))));
        }
        if (stored.spec() == null) {
            return new Prepared<>(stored, null, new ApiException.Invalid(ref,
                    List.of(new FieldError("spec", "a pod without a spec cannot be bound"))));
        }
        String bound = stored.spec().nodeName();
        if (bound != null && !bound.isEmpty()) return new Prepared<>(stored, null, new ApiException.Conflict(ref));
        // spec changed: the generation counts it, as any update's would
        Pod placed = withNextGeneration(stored.withSpec(stored.spec().withNodeName(node)));
        List<Compare> compares = List.of(Compare.modRevision(ref.key()).eq(stored.metadata().revision()));
        return new Prepared<>(stored, new Planned<>(ref, compares, placed, stored, List.of(), List.of(),
                encode(placed), true), null);
    }

    /** Sends prepared updates as {@link #updateAllFrom} does; results in the order of {@code prepared}. */
    public <T extends Resource> List<Written<T>> commitPrepared(List<Prepared<T>> prepared) {
        requireAtMost(MAX_UPDATES_PER_TXN, prepared.size(), "updates");
        List<Written<T>> out = new ArrayList<>(java.util.Collections.nCopies(prepared.size(), null));
        List<Planned<T>> plans = new ArrayList<>();
        List<Integer> planned = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared<T> p = prepared.get(i);
            if (p.error != null) {
                out.set(i, new Written<>(null, p.error));
            } else if (p.plan == null) {
                out.set(i, new Written<>(p.stored, null));
            } else {
                plans.add(p.plan);
                planned.add(i);
            }
        }
        if (plans.size() > 1) {
            try {
                long revision = commitAll(plans);
                for (int k = 0; k < plans.size(); k++) {
                    out.set(planned.get(k), new Written<>(withRevision(plans.get(k).object(), revision), null));
                }
                return out;
            } catch (RuntimeException e) {
                // one at a time below: each gets its own answer
            }
        }
        for (int k = 0; k < plans.size(); k++) {
            Planned<T> plan = plans.get(k);
            out.set(planned.get(k), attempt(() -> commit(plan)));
        }
        return out;
    }

    /** One write of a batch sent alone: its result, or the error it met. */
    private static <T extends Resource> Written<T> attempt(java.util.function.Supplier<T> write) {
        try {
            return new Written<>(write.get(), null);
        } catch (RuntimeException e) {
            return new Written<>(null, e);
        }
    }

    private static void requireAtMost(int max, int size, String what) {
        if (size > max) throw new IllegalArgumentException("at most " + max + " " + what + " per transaction, got " + size);
    }

    /** Replaces only the status, guarded by the object's resourceVersion. */
    public <T extends Resource> T updateStatus(T object) {
        ObjectRef ref = ObjectRef.of(object);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) object.getClass();
        KeyValue current = store.get(ref.key()).orElseThrow(() -> new ApiException.NotFound(ref));
        long expected = object.metadata().revision() == 0 ? current.modRevision() : object.metadata().revision();
        if (expected != current.modRevision()) throw new ApiException.Conflict(ref);
        return writeStatus(ref, type, decode(type, current), object);
    }

    /**
     * Like {@link #updateStatus}, but trusts {@code stored} (say, an informer's copy) instead of
     * reading the object first; still a compare-and-swap on stored's resourceVersion, so a stale
     * copy is a {@link ApiException.Conflict}, never a lost update.
     */
    public <T extends Resource> T updateStatusFrom(T stored, T object) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) stored.getClass();
        return writeStatus(ObjectRef.of(stored), type, stored, object);
    }

    /** {@code object}'s status on {@code stored}, written only if stored is still the current version. */
    private <T extends Resource> T writeStatus(ObjectRef ref, Class<T> type, T stored, T object) {
        ObjectNode tree = (ObjectNode) Json.toTree(stored);
        JsonNode status = Json.toTree(object).get("status");
        if (status == null) tree.remove("status"); else tree.set("status", status);
        T merged = Json.fromTree(tree, type);
        if (sameContent(stored, merged)) return stored;
        return write(ref, type, merged, stored.metadata().revision());
    }

    /**
     * Reads, applies {@code change}, writes; re-reads and re-applies on conflict (a few times).
     * Returns the stored result; a change that returns its input unchanged writes nothing.
     */
    public <T extends Resource> T modify(Class<T> type, String namespace, String name, UnaryOperator<T> change) {
        return retryOnConflict(() -> update(change.apply(require(type, namespace, name))));
    }

    /** Runs {@code readModifyWrite} again, after a pause, each time it meets a conflict. */
    private <T> T retryOnConflict(java.util.function.Supplier<T> readModifyWrite) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readModifyWrite.get();
            } catch (ApiException.Conflict e) {
                if (attempt >= CONFLICT_RETRIES || !backOff(attempt)) throw e;
            }
        }
    }

    private static final int CONFLICT_RETRIES = 16;

    /** Like {@link #modify} for the status. */
    public <T extends Resource> T modifyStatus(Class<T> type, String namespace, String name, UnaryOperator<T> change) {
        // one read per attempt: the object just read is the version the write compares against
        return retryOnConflict(() -> {
            T stored = require(type, namespace, name);
            return updateStatusFrom(stored, change.apply(stored));
        });
    }

    public <T extends Resource> Optional<T> delete(Class<T> type, String namespace, String name) {
        return delete(type, namespace, name, DeleteOptions.DEFAULT);
    }

    /**
     * Deletes as the API server does: an object with finalizers, a pod bound to a node (its agent
     * stops it, then removes it) or a foreground/orphan cascade is only marked with a
     * deletionTimestamp; anything else is removed now. Returns the object as last seen, or empty
     * when it was already gone.
     */
    public <T extends Resource> Optional<T> delete(Class<T> type, String namespace, String name, DeleteOptions options) {
        ObjectRef ref = ObjectRef.of(type, namespace, name);
        if (ref.kind().type() == Namespace.class && BUILT_IN_NAMESPACES.contains(name)) {
            // refused here rather than by the namespace controller: a delete must fail at once, not later
            throw new ApiException.Forbidden(ref, "this namespace may not be deleted (it is built in)");
        }
        for (int attempt = 1; ; attempt++) {
            Optional<KeyValue> current = store.get(ref.key());
            if (current.isEmpty()) throw new ApiException.NotFound(ref);
            KeyValue kv = current.get();
            if (options.expectedRevision() != 0 && options.expectedRevision() != kv.modRevision()) {
                throw new ApiException.Conflict(ref);
            }
            T obj = decode(type, kv);
            Optional<T> marked = markForDeletion(obj, options);
            try {
                if (marked.isPresent()) return Optional.of(write(ref, type, marked.get(), kv.modRevision()));
                List<Op> ops = new ArrayList<>(List.of(Op.delete(ref.key())));
                if (obj instanceof Service svc) ops.addAll(ServiceAllocator.releaseOps(svc)); // its IP and ports go with it
                TxnResult r = store.txn(new Txn(withGuards(Compare.modRevision(ref.key()).eq(kv.modRevision())),
                        ops, List.of()));
                if (r.succeeded()) return Optional.of(obj);
            } catch (ApiException.Conflict e) {
                // someone changed it between our read and write: decide again on the new state
            }
            if (attempt >= 8) throw new ApiException.Conflict(ref);
        }
    }

    /** The most deletes {@link #deleteAllFrom} sends in one transaction (each is a compare and a delete). */
    public static final int MAX_DELETES_PER_TXN = MAX_UPDATES_PER_TXN;

    /**
     * Several {@link #delete}s of {@code stored} copies (say, an informer's), in one transaction:
     * one round trip instead of a read and a write each. Each is guarded by its copy's revision, so
     * a pod that changed meanwhile is never deleted on stale grounds. When the batch fails (one
     * raced, or one needs a write rather than a removal) each is sent alone with that revision as
     * its precondition: the others still go, and the changed one gets a {@link ApiException.Conflict}
     * (re-read it and decide again). Results come in the order of {@code stored}.
     */
    public <T extends Resource> List<Written<T>> deleteAllFrom(List<T> stored, DeleteOptions options) {
        requireAtMost(MAX_DELETES_PER_TXN, stored.size(), "deletes");
        if (stored.size() > 1 && removeAll(stored, options)) {
            return stored.stream().map(o -> new Written<>(o, null)).toList();
        }
        boolean leading = guardsHold(); // else each would retry a write that can never pass
        List<Written<T>> out = new ArrayList<>();
        for (T obj : stored) {
            if (!leading) {
                out.add(new Written<>(null, notGuarded(ObjectRef.of(obj))));
                continue;
            }
            @SuppressWarnings("unchecked")
            Class<T> type = (Class<T>) obj.getClass();
            out.add(attempt(() -> delete(type, obj.metadata().namespace(), obj.metadata().name(),
                    options.withExpectedRevision(obj.metadata().revision())).orElse(obj)));
        }
        return out;
    }

    /** Removes all of {@code stored} in one guarded transaction if each is removed outright (no mark) and unchanged. */
    private <T extends Resource> boolean removeAll(List<T> stored, DeleteOptions options) {
        List<Compare> compares = new ArrayList<>(guards);
        List<Op> ops = new ArrayList<>();
        for (T obj : stored) {
            ObjectRef ref = ObjectRef.of(obj);
            if (obj.metadata().revision() == 0 || markForDeletion(obj, options).isPresent()
                    || ref.kind().type() == Namespace.class) {
                return false; // these take the one-by-one path, which knows how to mark or refuse them
            }
            compares.add(Compare.modRevision(ref.key()).eq(obj.metadata().revision()));
            ops.add(Op.delete(ref.key()));
            if (obj instanceof Service svc) ops.addAll(ServiceAllocator.releaseOps(svc));
        }
        if (ops.size() > Apply.MAX_OPS_PER_TXN) return false;
        return store.txn(new Txn(compares, ops, List.of())).succeeded();
    }

    // ---- internals

    private <T extends Resource> Optional<T> markForDeletion(T obj, DeleteOptions options) {
        ObjectMeta meta = obj.metadata();
        List<String> finalizers = new ArrayList<>(meta.finalizers() == null ? List.of() : meta.finalizers());
        switch (options.propagation()) {
            case FOREGROUND -> addOnce(finalizers, "foregroundDeletion");
            case ORPHAN -> addOnce(finalizers, "orphan");
            case BACKGROUND -> { }
        }
        Long grace = gracePeriodFor(obj, options);
        boolean graceful = grace != null && grace > 0;
        if (finalizers.isEmpty() && !graceful && !heldBySpecFinalizers(obj)) return Optional.empty();
        if (meta.deletionTimestamp() != null && finalizers.equals(meta.finalizers() == null ? List.of() : meta.finalizers())
                && (grace == null || meta.deletionGracePeriodSeconds() == null || grace >= meta.deletionGracePeriodSeconds())) {
            return Optional.of(obj); // already being deleted; a longer grace never extends it
        }
        ObjectMeta marked = new ObjectMeta(meta.name(), meta.generateName(), meta.namespace(), meta.uid(),
                meta.labels(), meta.annotations(), meta.resourceVersion(), meta.generation(),
                meta.creationTimestamp(), meta.deletionTimestamp() != null ? meta.deletionTimestamp() : now(),
                grace != null ? grace : Long.valueOf(0), finalizers.isEmpty() ? null : finalizers,
                meta.ownerReferences());
        Resource withMeta = obj.withMetadata(marked);
        if (withMeta instanceof Namespace ns) withMeta = ns.withStatus(new NamespaceStatus(NamespaceStatus.TERMINATING));
        @SuppressWarnings("unchecked")
        T result = (T) withMeta;
        return Optional.of(result);
    }

    /**
     * A namespace's {@code spec.finalizers} (the namespace controller's {@code kubernetes}) hold it,
     * as in Kubernetes, until its content is gone.
     */
    private static boolean heldBySpecFinalizers(Resource obj) {
        return obj instanceof Namespace ns && ns.spec() != null && ns.spec().finalizers() != null
                && !ns.spec().finalizers().isEmpty();
    }

    /** Only pods bound to a node are deleted gracefully: their agent stops them first. */
    private static Long gracePeriodFor(Resource obj, DeleteOptions options) {
        if (!(obj instanceof Pod pod) || pod.spec() == null || pod.spec().nodeName() == null) {
            return null;
        }
        if (options.gracePeriodSeconds() != null) return options.gracePeriodSeconds();
        Long own = pod.spec().terminationGracePeriodSeconds();
        return own != null ? own : 30L;
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) list.add(value);
    }

    private <T extends Resource> T write(ObjectRef ref, Class<T> type, T obj, long expectedRevision) {
        String key = ref.key();
        TxnResult r = store.txn(new Txn(withGuards(Compare.modRevision(key).eq(expectedRevision)),
                List.of(Op.put(key, encode(obj), 0)), List.of()));
        if (r.succeeded()) return withRevision(obj, r.revision());
        if (store.get(key).isEmpty()) throw new ApiException.NotFound(ref);
        throw guardsHold() ? new ApiException.Conflict(ref) : notGuarded(ref);
    }

    private List<Compare> withGuards(Compare c) {
        List<Compare> all = new ArrayList<>(guards);
        all.add(c);
        return all;
    }

    private boolean guardsHold() {
        if (guards.isEmpty()) return true;
        return store.txn(new Txn(guards, List.of(), List.of())).succeeded();
    }

    private static ApiException notGuarded(ObjectRef ref) {
        return new ApiException.Forbidden(ref, "this writer no longer holds the leadership its writes require");
    }

    private RuntimeException createRefused(ObjectRef ref) {
        if (store.get(ref.key()).isPresent()) return new ApiException.AlreadyExists(ref);
        return new ApiException.NotFound(new ObjectRef(Kinds.resolve("namespaces").orElseThrow(), "", ref.namespace()));
    }

    /** A namespaced object may only be created in a namespace that exists and is not terminating. */
    private Optional<Compare> namespaceGuard(ObjectRef ref) {
        if (!ref.kind().namespaced() || BUILT_IN_NAMESPACES.contains(ref.namespace())) return Optional.empty();
        String nsKey = Keys.clusterScoped("namespaces", ref.namespace());
        Optional<KeyValue> stored = batchReads == null ? store.get(nsKey) : batchReads.get(nsKey, () -> store.get(nsKey));
        KeyValue ns = stored.orElseThrow(() -> new ApiException.NotFound(
                new ObjectRef(Kinds.resolve("namespaces").orElseThrow(), "", ref.namespace())));
        if (Json.fromJson(ns.value(), dev.skiff.api.Namespace.class).metadata().deletionTimestamp() != null) {
            throw new ApiException.Forbidden(ref, "unable to create new content in namespace " + ref.namespace()
                    + " because it is being terminated");
        }
        // the namespace must still be this one (not deleted, not recreated); other changes to it
        // (its controller adding a finalizer, a label) must not fail the create
        return Optional.of(Compare.createRevision(nsKey).eq(ns.createRevision()));
    }

    private <T extends Resource> T prepareNew(T object) {
        ObjectMeta m = object.metadata();
        String name = m.name();
        if ((name == null || name.isEmpty()) && m.generateName() != null && !m.generateName().isEmpty()) {
            name = m.generateName() + randomSuffix(5);
        }
        ObjectMeta meta = new ObjectMeta(name, m.generateName(), m.namespace(), UUID.randomUUID().toString(),
                m.labels(), m.annotations(), null, 1L, now(), null, null, m.finalizers(), m.ownerReferences());
        @SuppressWarnings("unchecked")
        T withMeta = (T) object.withMetadata(meta);
        return Defaults.apply(pendingIfNew(withMeta));
    }

    /**
     * As Kubernetes' pod strategy on create: a new pod is Pending until its agent says otherwise
     * (kubectl's STATUS column showed nothing for a pod no node had picked up yet).
     */
    @SuppressWarnings("unchecked")
    private static <T extends Resource> T pendingIfNew(T object) {
        if (!(object instanceof Pod pod) || (pod.status() != null && pod.status().phase() != null)) return object;
        PodStatus s = pod.status();
        return (T) pod.withStatus(s == null ? PodStatus.pending() : s.withPhase(PodPhase.PENDING));
    }

    /** Kubernetes' alphabet for generated names: no vowels, no look-alike digits. */
    public String randomSuffix(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        return sb.toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void validate(ObjectRef ref, Resource obj) {
        if (obj.name() == null || obj.name().isEmpty()) {
            throw new ApiException.Invalid(ref, List.of(new FieldError("metadata.name",
                    "a name is required (or metadata.generateName to have one generated)")));
        }
        List<FieldError> errors = Validation.validate(obj);
        if (!errors.isEmpty()) throw new ApiException.Invalid(ref, errors);
    }

    /** The new object's spec, labels and annotations on top of the stored server-managed fields. */
    private static <T extends Resource> T mergeForUpdate(Class<T> type, T stored, ObjectNode storedTree, T incoming) {
        ObjectMeta s = stored.metadata();
        ObjectMeta in = incoming.metadata();
        ObjectMeta meta = new ObjectMeta(s.name(), s.generateName(), s.namespace(), s.uid(), in.labels(),
                in.annotations(), s.resourceVersion(), s.generation(), s.creationTimestamp(),
                s.deletionTimestamp(), s.deletionGracePeriodSeconds(), in.finalizers(),
                in.ownerReferences());
        if (StatusField.same(stored, incoming)) {
            @SuppressWarnings("unchecked")
            T kept = (T) incoming.withMetadata(meta);
            return kept;
        }
        ObjectNode tree = (ObjectNode) Json.toTree(incoming.withMetadata(meta));
        JsonNode status = storedTree.get("status");
        if (status == null) tree.remove("status"); else tree.set("status", status);
        return Json.fromTree(tree, type);
    }

    private static <T extends Resource> T withNextGeneration(T updated) {
        ObjectMeta m = updated.metadata();
        long gen = m.generation() == null ? 1 : m.generation() + 1;
        ObjectMeta meta = new ObjectMeta(m.name(), m.generateName(), m.namespace(), m.uid(), m.labels(),
                m.annotations(), m.resourceVersion(), gen, m.creationTimestamp(), m.deletionTimestamp(),
                m.deletionGracePeriodSeconds(), m.finalizers(), m.ownerReferences());
        @SuppressWarnings("unchecked")
        T result = (T) updated.withMetadata(meta);
        return result;
    }

    /** Everything but metadata and status: what a generation counts changes of. */
    static JsonNode specOf(Resource r) {
        ObjectNode tree = (ObjectNode) Json.toTree(r);
        tree.remove("metadata");
        tree.remove("status");
        return tree;
    }

    private static boolean sameContent(Resource a, Resource b) {
        return withoutRevision(a).equals(withoutRevision(b));
    }

    private static final Set<String> METADATA_AND_STATUS = Set.of("metadata", "status");

    /** {@link #sameContent} on trees already made; neither is changed. */
    private static boolean sameContent(ObjectNode a, ObjectNode b) {
        if (!sameExcept(a, b, Set.of("metadata"))) return false;
        JsonNode ma = a.get("metadata");
        JsonNode mb = b.get("metadata");
        if (!(ma instanceof ObjectNode oa) || !(mb instanceof ObjectNode ob)) return java.util.Objects.equals(ma, mb);
        return sameExcept(oa, ob, Set.of("resourceVersion"));
    }

    /** The two trees have the same fields with equal values, those named in {@code skip} aside. */
    private static boolean sameExcept(ObjectNode a, ObjectNode b, Set<String> skip) {
        int counted = 0;
        for (var it = a.properties().iterator(); it.hasNext(); ) {
            var field = it.next();
            if (skip.contains(field.getKey())) continue;
            counted++;
            if (!field.getValue().equals(b.get(field.getKey()))) return false;
        }
        int inB = 0;
        for (var it = b.fieldNames(); it.hasNext(); ) if (!skip.contains(it.next())) inB++;
        return counted == inB;
    }

    private static JsonNode withoutRevision(Resource r) {
        ObjectNode tree = (ObjectNode) Json.toTree(r);
        JsonNode meta = tree.get("metadata");
        if (meta instanceof ObjectNode m) m.remove("resourceVersion");
        return tree;
    }

    /** Stored JSON never carries resourceVersion: it is the key's modRevision, set on read. */
    static byte[] encode(Resource obj) {
        return Json.toJsonBytes(obj.withMetadata(obj.metadata().withResourceVersion(null)));
    }

    static <T extends Resource> T decode(Class<T> type, KeyValue kv) {
        return withRevision(Json.fromJson(kv.value(), type), kv.modRevision());
    }

    @SuppressWarnings("unchecked")
    static <T extends Resource> T withRevision(T obj, long revision) {
        return (T) obj.withMetadata(obj.metadata().withResourceVersion(Long.toString(revision)));
    }

    static <T extends Resource> ResourceEvent<T> toResourceEvent(Class<T> type, WatchEvent e) {
        return switch (e) {
            case WatchEvent.Put put -> put.previous()
                    .<ResourceEvent<T>>map(prev -> new ResourceEvent.Modified<>(decode(type, prev), decode(type, put.kv()), put.revision()))
                    .orElseGet(() -> new ResourceEvent.Added<>(decode(type, put.kv()), put.revision()));
            case WatchEvent.Delete del -> new ResourceEvent.Deleted<>(
                    withRevision(Json.fromJson(del.previous().orElseThrow(() -> new IllegalStateException(
                            "watch delivered a delete of " + del.key() + " without its previous value")).value(), type),
                            del.revision()), del.revision());
        };
    }
}
