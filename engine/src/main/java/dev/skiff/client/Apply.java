package dev.skiff.client;

import dev.skiff.api.Namespace;
import dev.skiff.api.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kubectl apply} semantics over the typed client: each object is created when absent,
 * replaced (spec, labels, annotations) when different, left alone when the same. Every object is
 * validated before anything is written, and the writes go in one store transaction — a refused
 * object, or a concurrent change, leaves the store exactly as it was. An apply larger than etcd's
 * transaction limits (about 50 creates) is split into several transactions, each all-or-nothing.
 */
public final class Apply {

    /**
     * etcd refuses a transaction with more than 128 compares or 128 operations; we stay under it,
     * leaving room for the leadership guard and quota charges the client adds.
     */
    static final int MAX_OPS_PER_TXN = 100;

    public enum Action {
        CREATED("created"), CONFIGURED("configured"), UNCHANGED("unchanged");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** What happened to one object; {@link #toString()} is kubectl's line. */
    public record Outcome(ObjectRef ref, Action action, Resource object) {
        @Override
        public String toString() {
            return ref.display() + " " + action.word();
        }
    }

    private final Client client;

    public Apply(Client client) {
        this.client = client;
    }

    /** Applies every object, or none; with {@code dryRun} validates and reports without writing. */
    public List<Outcome> apply(List<? extends Resource> objects, boolean dryRun) {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(objects, dryRun);
            } catch (ApiException.Conflict e) {
                if (attempt >= 5) throw e; // someone else keeps changing the same objects
            }
        }
    }

    /**
     * Creates every object, or none: one that exists already (or is named twice) fails them all, as does one
     * that admission refuses; with {@code dryRun} validates and admits without writing. Returns the objects as
     * stored, or as they would be.
     */
    public List<Resource> create(List<? extends Resource> objects, boolean dryRun) {
        Set<String> newNamespaces = namespacesCreatedBy(objects);
        Set<String> named = new HashSet<>();
        List<Client.Planned<?>> writes = new ArrayList<>();
        for (Resource obj : objects) {
            if (obj.name() != null) { // else generateName: a fresh name, never taken
                ObjectRef ref = ObjectRef.of(obj);
                if (!named.add(ref.key()) || client.get(obj.getClass(), ref.namespace(), ref.name()).isPresent()) {
                    throw new ApiException.AlreadyExists(ref);
                }
            }
            writes.add(client.planCreate(obj, newNamespaces));
        }
        List<Resource> created = new ArrayList<>();
        if (dryRun) {
            writes.forEach(p -> created.add(p.object()));
            return created;
        }
        for (List<Client.Planned<?>> txn : transactions(writes)) {
            long revision = client.commitAll(txn);
            txn.forEach(p -> created.add(Client.withRevision(p.object(), revision)));
        }
        return created;
    }

    private List<Outcome> applyOnce(List<? extends Resource> objects, boolean dryRun) {
        Set<String> newNamespaces = namespacesCreatedBy(objects);
        List<Outcome> outcomes = new ArrayList<>();
        List<Client.Planned<?>> writes = new ArrayList<>();
        for (Resource obj : dedupe(objects)) {
            Optional<Client.Planned<Resource>> plan = plan(obj, newNamespaces);
            if (plan.isEmpty()) {
                outcomes.add(new Outcome(ObjectRef.of(obj), Action.UNCHANGED, obj));
            } else {
                writes.add(plan.get());
                outcomes.add(new Outcome(plan.get().ref(), plan.get().create() ? Action.CREATED : Action.CONFIGURED,
                        plan.get().object()));
            }
        }
        if (!dryRun) {
            for (List<Client.Planned<?>> txn : transactions(writes)) client.commitAll(txn);
        }
        return outcomes;
    }

    /**
     * Splits the writes into as few transactions as etcd takes: a create in a namespace brings
     * compares of its own (the namespace must exist, the name must be free), so counting objects
     * alone overflows the compare limit.
     */
    static List<List<Client.Planned<?>>> transactions(List<Client.Planned<?>> writes) {
        List<List<Client.Planned<?>>> txns = new ArrayList<>();
        List<Client.Planned<?>> current = new ArrayList<>();
        int compares = 0;
        int ops = 0;
        for (Client.Planned<?> w : writes) {
            int c = w.compares().size();
            int o = w.ops().size();
            if (!current.isEmpty() && (compares + c > MAX_OPS_PER_TXN || ops + o > MAX_OPS_PER_TXN)) {
                txns.add(current);
                current = new ArrayList<>();
                compares = 0;
                ops = 0;
            }
            current.add(w);
            compares += c;
            ops += o;
        }
        if (!current.isEmpty()) txns.add(current);
        return txns;
    }

    @SuppressWarnings("unchecked")
    private <T extends Resource> Optional<Client.Planned<T>> plan(T obj, Set<String> newNamespaces) {
        Class<T> type = (Class<T>) obj.getClass();
        ObjectRef ref = ObjectRef.of(obj);
        Optional<T> stored = client.get(type, ref.namespace(), ref.name());
        if (stored.isEmpty()) return Optional.of(client.planCreate(obj, newNamespaces));
        T incoming = (T) obj.withMetadata(obj.metadata().withResourceVersion(null));
        return client.planUpdate(type, stored.get(), incoming);
    }

    private Set<String> namespacesCreatedBy(List<? extends Resource> objects) {
        Set<String> names = new HashSet<>();
        for (Resource r : objects) {
            if (r instanceof Namespace ns && client.get(Namespace.class, null, ns.name()).isEmpty()) names.add(ns.name());
        }
        return names;
    }

    /** The same object twice in one apply: the later one wins, as a second apply would. */
    private static List<Resource> dedupe(List<? extends Resource> objects) {
        Map<String, Resource> byKey = new LinkedHashMap<>();
        for (Resource r : objects) byKey.put(ObjectRef.of(r).key(), r);
        return List.copyOf(byKey.values());
    }
}
