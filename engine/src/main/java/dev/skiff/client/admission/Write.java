package dev.skiff.client.admission;

import dev.skiff.api.Resource;
import dev.skiff.client.ObjectRef;

/**
 * One write being admitted: the object as it would be stored and, for an update, the stored
 * object it replaces ({@code previous} is null for a create).
 */
public record Write(ObjectRef ref, Resource object, Resource previous) {

    public boolean create() {
        return previous == null;
    }
}
