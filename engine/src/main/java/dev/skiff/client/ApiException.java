package dev.skiff.client;

import dev.skiff.api.FieldError;
import java.util.List;

/**
 * What the typed client refuses, phrased as kubectl would phrase it: the resource, the name, and
 * what to do. Store outages stay {@link dev.skiff.store.StoreException.Unavailable}.
 */
public sealed abstract class ApiException extends RuntimeException {

    private ApiException(String message) {
        super(message);
    }

    public static final class NotFound extends ApiException {
        public NotFound(ObjectRef ref) {
            super(ref.quoted() + " not found" + (ref.kind().namespaced() ? " in namespace " + ref.namespace() : ""));
        }
    }

    public static final class AlreadyExists extends ApiException {
        public AlreadyExists(ObjectRef ref) {
            super(ref.quoted() + " already exists" + (ref.kind().namespaced() ? " in namespace " + ref.namespace() : ""));
        }
    }

    /** Someone else changed the object since it was read. */
    public static final class Conflict extends ApiException {
        public Conflict(ObjectRef ref) {
            super("operation cannot be fulfilled on " + ref.quoted()
                    + ": the object has been modified; read it again and retry");
        }
    }

    /** The object breaks a validation rule; every broken rule is listed. */
    public static final class Invalid extends ApiException {
        private final List<FieldError> errors;

        public Invalid(ObjectRef ref, List<FieldError> errors) {
            super(ref.quoted() + " is invalid: " + render(errors));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }

        private static String render(List<FieldError> errors) {
            return errors.stream().map(e -> e.path() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse("");
        }
    }

    /** Admission refused the object (quota, limit range, missing namespace being deleted…). */
    public static final class Forbidden extends ApiException {
        public Forbidden(ObjectRef ref, String reason) {
            super(ref.quoted() + " is forbidden: " + reason);
        }
    }
}
