package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.skiff.api.FieldError;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import dev.skiff.api.SelfValidating;
import dev.skiff.chaos.ChaosKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's chaos monkey ({@code chaos.skiff.dev/v1alpha1}, one object: {@code skiff-system/monkey}):
 * its spec is what {@code chaos monkey start} configured, its status what the engine decided.
 * Workloads opt in with labels ({@link MonkeyLabels}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record ChaosMonkey(String apiVersion, String kind, ObjectMeta metadata, MonkeySpec spec, MonkeyStatus status)
        implements Resource, SelfValidating {

    public static final String KIND = "ChaosMonkey";
    public static final String NAMESPACE = "skiff-system";
    public static final String NAME = "monkey";

    public ChaosMonkey {
        apiVersion = apiVersion == null ? ChaosKinds.API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    public static ChaosMonkey of(MonkeySpec spec) {
        return new ChaosMonkey(null, null, ObjectMeta.named(NAMESPACE, NAME), spec, null);
    }

    @Override
    public ChaosMonkey withMetadata(ObjectMeta v) {
        return new ChaosMonkey(apiVersion, kind, v, spec, status);
    }

    public ChaosMonkey withSpec(MonkeySpec v) {
        return new ChaosMonkey(apiVersion, kind, metadata, v, status);
    }

    public ChaosMonkey withStatus(MonkeyStatus v) {
        return new ChaosMonkey(apiVersion, kind, metadata, spec, v);
    }

    /** Never null, for callers that only read. */
    public MonkeySpec specOrDefault() {
        return spec == null ? MonkeySpec.DEFAULT : spec;
    }

    public MonkeyStatus statusOrNew() {
        return status == null ? MonkeyStatus.NEW : status;
    }

    @Override
    public List<FieldError> problems() {
        List<FieldError> p = new ArrayList<>();
        if (metadata.name() != null && !NAME.equals(metadata.name())) {
            p.add(new FieldError("metadata.name", "\"" + metadata.name() + "\": the cluster has one monkey, named "
                    + NAME + " (in " + NAMESPACE + "); use chaos monkey start"));
        }
        if (metadata.namespace() != null && !NAMESPACE.equals(metadata.namespace())) {
            p.add(new FieldError("metadata.namespace", "\"" + metadata.namespace() + "\": the monkey lives in "
                    + NAMESPACE + "; choose the namespaces it visits with spec.namespaces.include"));
        }
        if (spec != null) p.addAll(spec.problems("spec"));
        return p;
    }
}
