package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes object metadata. {@code resourceVersion} is a string as in Kubernetes (it carries the
 * etcd mod_revision); timestamps print as RFC 3339 seconds.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(String name, String generateName, String namespace, String uid,
                         Map<String, String> labels, Map<String, String> annotations,
                         String resourceVersion, Long generation, Instant creationTimestamp,
                         Instant deletionTimestamp, Long deletionGracePeriodSeconds,
                         List<String> finalizers, List<OwnerReference> ownerReferences) {

    public static final ObjectMeta EMPTY = named(null, null);

    public static ObjectMeta named(String name) {
        return named(null, name);
    }

    public static ObjectMeta named(String namespace, String name) {
        return new ObjectMeta(name, null, namespace, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** Never null, for callers that only read. */
    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }

    /** Never null, for callers that only read. */
    public Map<String, String> annotationsOrEmpty() {
        return annotations == null ? Map.of() : annotations;
    }

    /** The resourceVersion as the store's revision, 0 when unset. */
    public long revision() {
        return resourceVersion == null || resourceVersion.isEmpty() ? 0 : Long.parseLong(resourceVersion);
    }

    public ObjectMeta withName(String v) {
        return new ObjectMeta(v, generateName, namespace, uid, labels, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withNamespace(String v) {
        return new ObjectMeta(name, generateName, v, uid, labels, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withUid(String v) {
        return new ObjectMeta(name, generateName, namespace, v, labels, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withLabels(Map<String, String> v) {
        return new ObjectMeta(name, generateName, namespace, uid, v, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withAnnotations(Map<String, String> v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, v, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withResourceVersion(String v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, v,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    /** The store's revision as resourceVersion; 0 clears it. */
    public ObjectMeta withRevision(long revision) {
        return withResourceVersion(revision == 0 ? null : Long.toString(revision));
    }

    public ObjectMeta withGeneration(Long v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, resourceVersion,
                v, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withCreationTimestamp(Instant v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, resourceVersion,
                generation, v, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                ownerReferences);
    }

    public ObjectMeta withDeletion(Instant at, Long gracePeriodSeconds) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, resourceVersion,
                generation, creationTimestamp, at, gracePeriodSeconds, finalizers, ownerReferences);
    }

    public ObjectMeta withFinalizers(List<String> v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, v,
                ownerReferences);
    }

    public ObjectMeta withOwnerReferences(List<OwnerReference> v) {
        return new ObjectMeta(name, generateName, namespace, uid, labels, annotations, resourceVersion,
                generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, finalizers,
                v);
    }
}
