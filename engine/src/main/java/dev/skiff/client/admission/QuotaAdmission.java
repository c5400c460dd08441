package dev.skiff.client.admission;

import dev.skiff.api.Event;
import dev.skiff.api.Quantity;
import dev.skiff.api.Resource;
import dev.skiff.api.ResourceQuota;
import dev.skiff.client.Client;
import dev.skiff.client.ObjectRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ResourceQuota admission, race-free as Kubernetes' quota admission: a write that uses more of a
 * quota is refused if it would go over {@code spec.hard}, and otherwise raises the quota's
 * {@code status.used} in the same transaction, guarded by the quota's revision. Two writers
 * racing for the last headroom both read the same usage, but only one commits; the other's
 * transaction fails, and the client re-reads and re-checks. Usage going down (deletions, finished
 * pods) is given back by the quota controller, which recounts.
 */
public final class QuotaAdmission implements AdmissionPlugin {

    @Override
    public List<Resource> charge(List<Write> writes, Client reader) {
        Map<String, List<QuotaLedger.Charge>> byNamespace = new LinkedHashMap<>();
        for (Write w : writes) {
            if (!countable(w)) continue;
            Map<String, Quantity> increase = increase(w);
            if (increase.isEmpty()) continue;
            byNamespace.computeIfAbsent(w.ref().namespace(), ns -> new ArrayList<>())
                    .add(new QuotaLedger.Charge(w, increase));
        }
        if (byNamespace.isEmpty()) return List.of();
        Set<String> writtenKeys = writes.stream().map(w -> w.ref().key()).collect(Collectors.toSet());
        List<Resource> charged = new ArrayList<>();
        byNamespace.forEach((ns, charges) -> {
            List<ResourceQuota> quotas = new ArrayList<>(reader.list(ResourceQuota.class, ns).items());
            quotas.sort(Comparator.comparing(ResourceQuota::name));
            for (ResourceQuota q : quotas) {
                // a quota rewritten in this same batch is recounted by the controller instead
                if (writtenKeys.contains(ObjectRef.of(q).key())) continue;
                QuotaLedger.charge(q, charges, reader).ifPresent(charged::add);
            }
        });
        return charged;
    }

    /**
     * Events are exempt (they are the cluster's own bookkeeping and the most frequent write), and
     * so are quotas themselves, whose status this plugin writes.
     */
    private static boolean countable(Write w) {
        return w.ref().kind().namespaced() && !(w.object() instanceof Event) && !(w.object() instanceof ResourceQuota);
    }

    /** What the write adds to its namespace's usage: new minus old, only what went up. */
    static Map<String, Quantity> increase(Write w) {
        Map<String, Quantity> after = QuotaUsage.of(w.object());
        Map<String, Quantity> before = w.previous() == null ? Map.of() : QuotaUsage.of(w.previous());
        Map<String, Quantity> up = new HashMap<>();
        after.forEach((name, q) -> {
            Quantity d = q.subtract(before.getOrDefault(name, Quantity.ZERO));
            if (d.signum() > 0) up.put(name, d);
        });
        return up;
    }
}
