package dev.skiff.client.admission;

import dev.skiff.api.Resource;
import dev.skiff.client.Client;
import java.util.List;

/**
 * A step every write through the {@link Client} passes, as the API server's admission chain:
 * {@link #admit} may change or refuse one object before it is stored; {@link #charge} adds
 * updates (quota usage) that must commit in the same transaction as the writes they pay for.
 * Plugins read current state through {@code reader}; they never write themselves.
 */
public interface AdmissionPlugin {

    /**
     * The object to store instead of {@code write.object()}, or it unchanged.
     * @throws dev.skiff.client.ApiException.Forbidden when the object may not be stored
     */
    default Resource admit(Write write, Client reader) {
        return write.object();
    }

    /**
     * Objects to store alongside {@code writes}, each carrying the resourceVersion it was read
     * at: the transaction only commits if none of them changed since, so two writers charging the
     * same quota cannot both pass on the same headroom (the loser re-reads and re-checks).
     * @throws dev.skiff.client.ApiException.Forbidden when the writes would exceed a limit
     */
    default List<Resource> charge(List<Write> writes, Client reader) {
        return List.of();
    }
}
