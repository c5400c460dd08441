package dev.skiff.output;

import dev.skiff.api.Container;
import dev.skiff.api.LabelSelector;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Cell formatting shared by the printers, each matching a kubectl helper. */
public final class Cells {
    public static final String NONE = "<none>";

    private Cells() {}

    /** {@code labels.FormatLabels}: {@code a=1,b=2} sorted by key, or {@code <none>}. */
    public static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) return NONE;
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** {@code metav1.FormatLabelSelector}: the selector's string form, or {@code <none>}. */
    public static String selector(LabelSelector selector) {
        String s = selector == null ? "" : selector.toString();
        return s.isEmpty() ? NONE : s;
    }

    public static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    public static String number(Integer n) {
        return Integer.toString(n == null ? 0 : n);
    }

    public static String age(Instant created, Instant now) {
        return Age.since(created, now);
    }

    /** RFC 3339 in UTC to the second, as kubectl's CREATED AT. */
    public static String timestamp(Instant t) {
        return t == null ? NONE : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** kubectl's {@code layoutContainerCells}: names and images, comma-joined. */
    public static List<String> containers(Collection<Container> containers) {
        if (containers == null) return List.of("", "");
        String names = containers.stream().map(Container::name).collect(Collectors.joining(","));
        String images = containers.stream().map(Container::image).map(i -> i == null ? "" : i).collect(Collectors.joining(","));
        return List.of(names, images);
    }
}
