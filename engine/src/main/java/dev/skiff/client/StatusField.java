package dev.skiff.client;

import dev.skiff.api.Resource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind's {@code status}, read through its record accessor. An update keeps the stored status;
 * when the incoming object already carries it (a bind, a scale, a label change made on a fresh
 * copy) the merge needs no JSON tree round trip, which was a fifth of an update's CPU.
 */
final class StatusField {

    /** Empty for kinds that are not records: their merge always takes the tree path. */
    private static final ClassValue<Optional<Optional<Method>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Optional<Optional<Method>> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) return Optional.empty();
            for (RecordComponent c : components) {
                if (c.getName().equals("status")) return Optional.of(Optional.of(c.getAccessor()));
            }
            return Optional.of(Optional.empty()); // a record without status: nothing to keep
        }
    };

    private StatusField() {
    }

    /** True when {@code incoming} provably carries {@code stored}'s status (same kind, equal values). */
    static boolean same(Resource stored, Resource incoming) {
        if (stored.getClass() != incoming.getClass()) return false;
        Optional<Optional<Method>> accessor = ACCESSORS.get(stored.getClass());
        if (accessor.isEmpty()) return false;
        if (accessor.get().isEmpty()) return true;
        Method m = accessor.get().get();
        try {
            return Objects.equals(m.invoke(stored), m.invoke(incoming));
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }
}
