package dev.skiff.api;

/**
 * Any stored object: Kubernetes-shaped with apiVersion, kind and metadata. Not sealed, because
 * other packages (chaos) register their own kinds at startup through {@link Kinds#register}.
 */
public interface Resource {

    String apiVersion();

    String kind();

    ObjectMeta metadata();

    /** A copy with other metadata; each kind narrows the return type. */
    Resource withMetadata(ObjectMeta metadata);

    /** Shorthand for {@code metadata().name()}. */
    default String name() {
        return metadata() == null ? null : metadata().name();
    }

    /** Shorthand for {@code metadata().namespace()}. */
    default String namespace() {
        return metadata() == null ? null : metadata().namespace();
    }
}
