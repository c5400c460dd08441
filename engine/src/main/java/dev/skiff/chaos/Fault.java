package dev.skiff.chaos;

import dev.skiff.api.FieldError;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import dev.skiff.api.SelfValidating;
import java.util.List;

/** A fault object: one of the chaos kinds, each with a spec and a {@link ChaosStatus}. */
public sealed interface Fault extends Resource, SelfValidating permits PodChaos, NodeChaos, NetworkChaos, StressChaos {

    FaultSpec spec();

    ChaosStatus status();

    Fault withStatus(ChaosStatus status);

    @Override
    Fault withMetadata(ObjectMeta metadata);

    /** Never null, for callers that only read. */
    default ChaosStatus statusOrNew() {
        return status() == null ? ChaosStatus.NEW : status();
    }

    @Override
    default List<FieldError> problems() {
        return ChaosValidation.problems(this);
    }
}
