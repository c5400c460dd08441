package dev.skiff.client;

import dev.skiff.api.Resource;

/** Reacts to changes an {@link Informer} sees; called on the informer's thread, in revision order. */
public interface ResourceHandler<T extends Resource> {

    default void onAdd(T object) {}

    default void onUpdate(T previous, T object) {}

    default void onDelete(T object) {}
}
