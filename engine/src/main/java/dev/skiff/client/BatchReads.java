package dev.skiff.client;

import dev.skiff.store.KeyValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads shared by the writes of one batch while they are planned: every pod of a ReplicaSet's
 * batch of creates asks admission for the same namespace's LimitRanges and the create guard for
 * the same namespace, and one read now answers them all instead of one round trip per pod. Lives
 * for one planning pass on one thread, never longer: the batch sees the state of its start, as a
 * single create sees the state of its own. Quota usage is not kept here: it is charged at commit,
 * guarded by the quota's revision, and re-read when that guard fails.
 */
final class BatchReads {
    private final Map<String, ResourceList<?>> lists = new HashMap<>();
    private final Map<String, Optional<KeyValue>> keys = new HashMap<>();

    @SuppressWarnings("unchecked")
    <T extends dev.skiff.api.Resource> ResourceList<T> list(Class<T> type, String namespace,
                                                            Supplier<ResourceList<T>> read) {
        return (ResourceList<T>) lists.computeIfAbsent(type.getName() + "/" + namespace, k -> read.get());
    }

    Optional<KeyValue> get(String key, Supplier<Optional<KeyValue>> read) {
        return keys.computeIfAbsent(key, k -> read.get());
    }
}
