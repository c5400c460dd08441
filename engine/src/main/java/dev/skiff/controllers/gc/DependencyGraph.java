package dev.skiff.controllers.gc;

import dev.skiff.api.OwnerReference;
import dev.skiff.api.Resource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who depends on whom, by owner uid, kept up to date from every kind's informer. Only edges are
 * kept: the objects themselves are read from the informers when needed.
 */
final class DependencyGraph {

    private final Map<String, Set<GcKey>> dependentsByOwnerUid = new HashMap<>();
    private final Map<GcKey, Set<String>> ownerUidsOf = new HashMap<>();

    synchronized void upsert(GcKey key, Resource obj) {
        remove(key);
        List<OwnerReference> refs = obj.metadata().ownerReferences();
        if (refs == null || refs.isEmpty()) return;
        Set<String> uids = new HashSet<>();
        for (OwnerReference ref : refs) {
            if (ref.uid() == null) continue;
            uids.add(ref.uid());
            dependentsByOwnerUid.computeIfAbsent(ref.uid(), u -> new HashSet<>()).add(key);
        }
        ownerUidsOf.put(key, uids);
    }

    synchronized void remove(GcKey key) {
        Set<String> uids = ownerUidsOf.remove(key);
        if (uids == null) return;
        for (String uid : uids) {
            Set<GcKey> deps = dependentsByOwnerUid.get(uid);
            if (deps == null) continue;
            deps.remove(key);
            if (deps.isEmpty()) dependentsByOwnerUid.remove(uid);
        }
    }

    synchronized Set<GcKey> dependentsOf(String ownerUid) {
        return ownerUid == null ? Set.of() : Set.copyOf(dependentsByOwnerUid.getOrDefault(ownerUid, Set.of()));
    }

    synchronized boolean hasDependents(String ownerUid) {
        return ownerUid != null && dependentsByOwnerUid.containsKey(ownerUid);
    }
}
