package dev.skiff.api;

import java.util.List;

/**
 * A kind registered by another package (chaos) that knows its own semantic rules. {@link Validation}
 * cannot switch over kinds it does not know, so it asks them; paths are Kubernetes field paths.
 */
public interface SelfValidating {

    List<FieldError> problems();
}
