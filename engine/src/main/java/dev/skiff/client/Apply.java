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
 * object, or a concurrent change, leaves the store exactly as it was.
 */
public final class Apply {

    /** etcd refuses transactions with more than 128 operations; we stay under it. */
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
            for (int i = 0; i < writes.size(); i += MAX_OPS_PER_TXN) {
                client.commitAll(writes.subList(i, Math.min(writes.size(), i + MAX_OPS_PER_TXN)));
            }
        }
        return outcomes;
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
