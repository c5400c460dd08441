package dev.skiff.client.admission;

import dev.skiff.api.LimitRange;
import dev.skiff.api.LimitRangeItem;
import dev.skiff.api.Pod;
import dev.skiff.api.Resource;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import java.util.Comparator;
import java.util.List;

/**
 * LimitRange admission for pods, as Kubernetes' LimitRanger: injects each container's missing
 * limits ({@code default}) and requests ({@code defaultRequest}), then enforces min, max and
 * maxLimitRequestRatio per Container and per Pod, refusing with Kubernetes' wording.
 */
public final class LimitRanger implements AdmissionPlugin {

    @Override
    public Resource admit(Write write, Client reader) {
        if (!(write.object() instanceof Pod pod) || pod.spec() == null) return write.object();
        Pod previous = write.previous() instanceof Pod p ? p : null;
        Pod kept = previous == null ? pod : LimitDefaults.keepStored(pod, previous);
        // nothing to default or check (as Kubernetes, which skips pod updates): a bind or a label
        // change must not cost a read of the namespace's LimitRanges
        if (previous != null && LimitChecks.sameResources(kept, previous)) return kept;
        List<LimitRangeItem> items = itemsIn(reader, write.ref().namespace());
        if (items.isEmpty()) return kept;
        Pod defaulted = LimitDefaults.inject(kept, previous, items);
        List<String> problems = LimitChecks.check(defaulted, previous, items);
        if (problems.isEmpty()) return defaulted;
        throw new ApiException.Forbidden(write.ref(),
                problems.size() == 1 ? problems.getFirst() : "[" + String.join(", ", problems) + "]");
    }

    /** Every item of every LimitRange in the namespace, in name order so defaults are stable. */
    private static List<LimitRangeItem> itemsIn(Client reader, String namespace) {
        return reader.list(LimitRange.class, namespace).items().stream()
                .sorted(Comparator.comparing(LimitRange::name))
                .filter(lr -> lr.spec() != null && lr.spec().limits() != null)
                .flatMap(lr -> lr.spec().limits().stream())
                .filter(item -> item.type() != null)
                .toList();
    }
}
