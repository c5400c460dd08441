package dev.skiff.chaos;

import dev.skiff.api.Pod;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;

/** pod-kill: deletes the pod (its own grace period, or the fault's; 0 = at once). Nothing to revert. */
record PodKill(Client client, Long gracePeriod) implements FaultAction {

    @Override
    public String inject(ChaosTarget t) {
        try {
            client.delete(Pod.class, t.namespace(), t.name(), DeleteOptions.DEFAULT.withGracePeriod(gracePeriod));
            return gracePeriod != null && gracePeriod == 0 ? "killed at once" : "deleted gracefully";
        } catch (ApiException.NotFound gone) {
            return "already gone";
        }
    }

    @Override
    public String revert(ChaosTarget t) {
        return "nothing to revert: its controller replaces it";
    }
}
