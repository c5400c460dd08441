package dev.skiff.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A closed Kubernetes value set (restartPolicy, protocol, ...) modelled as a Java enum whose JSON
 * spelling is the Kubernetes one. Unknown spellings are refused with the list of allowed ones.
 */
public interface WireValue {

    /** The exact Kubernetes spelling, e.g. {@code OnFailure}. */
    String wire();

    /** Parses a wire spelling; throws {@link IllegalArgumentException} naming the supported values. */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unsupported value \"" + text + "\": supported values: "
                + supported(type));
    }

    /** The allowed spellings, quoted and comma separated, for messages. */
    static <E extends Enum<E> & WireValue> String supported(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> "\"" + e.wire() + "\"")
                .collect(Collectors.joining(", "));
    }
}
