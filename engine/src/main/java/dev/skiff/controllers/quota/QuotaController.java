package dev.skiff.controllers.quota;

import dev.skiff.api.Quantity;
import dev.skiff.api.ResourceQuota;
import dev.skiff.api.ResourceQuotaStatus;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.admission.QuotaUsage;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Keeps a ResourceQuota's {@code status} true: {@code hard} from the spec, {@code used} recounted
 * from the objects themselves, so usage admission charged is given back when pods finish or
 * objects are deleted, and a new quota shows what the namespace already uses.
 *
 * <p>It reads the quota, then the objects, both from the store (not the caches), and writes the
 * status guarded by the quota's revision: everything admission charged before that revision is
 * in the listing, and any charge after it makes the write fail and the count start over. So a
 * recount never forgets a charge made while it ran.
 */
public final class QuotaController implements Reconciler {

    /**
     * Every quota is recounted this often, besides on changes: it bounds how long usage can stay
     * stale when a change's recount lost to concurrent charges (seen under heavy contention), and
     * covers kinds the controller does not watch ({@code count/deployments.apps}). A recount that
     * finds nothing changed writes nothing.
     */
    static final Duration RESYNC = Duration.ofSeconds(10);

    private final Supplier<Client> client;

    public QuotaController(Supplier<Client> client) {
        this.client = client;
    }

    @Override
    public Result reconcile(Request request) {
        Client c = client.get();
        for (int attempt = 1; ; attempt++) {
            try {
                return recount(c, request) ? Result.requeueAfter(RESYNC) : Result.done();
            } catch (ApiException.Conflict e) {
                // admission charged the quota while we counted: count again now rather than
                // after a growing backoff, or usage given back waits behind busy creators; a
                // conflict is contention, not an error, so it never grows the error back-off
                if (attempt >= 5) return Result.requeueAfter(Duration.ofMillis(50));
            }
        }
    }

    /** False when the quota is gone. */
    private static boolean recount(Client c, Request request) {
        Optional<ResourceQuota> found = c.get(ResourceQuota.class, request.namespace(), request.name());
        if (found.isEmpty()) return false;
        ResourceQuota quota = found.get();
        Map<String, Quantity> hard = quota.spec() == null || quota.spec().hard() == null
                ? new TreeMap<>() : new TreeMap<>(quota.spec().hard());
        Map<String, Quantity> used = QuotaUsage.measure(c, request.namespace(), hard.keySet());
        ResourceQuotaStatus wanted = new ResourceQuotaStatus(hard, used);
        if (!wanted.equals(quota.status())) c.updateStatus(quota.withStatus(wanted));
        return true;
    }
}
