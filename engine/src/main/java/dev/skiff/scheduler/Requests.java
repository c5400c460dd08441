package dev.skiff.scheduler;

import dev.skiff.api.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Amounts of resources in thousandths (millicores, milli-bytes, milli-pods): one unit for every
 * resource keeps the arithmetic exact and the fit check the same for cpu, memory and extended
 * resources. Absent resources are zero.
 */
public record Requests(Map<String, Long> milli) {

    public static final Requests NONE = new Requests(Map.of());

    public Requests {
        milli = Map.copyOf(milli);
    }

    public static Requests of(Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) return NONE;
        Map<String, Long> m = new HashMap<>();
        quantities.forEach((k, v) -> m.put(k, v.milliValue()));
        return new Requests(m);
    }

    /** Whole units, e.g. {@code ofUnits("cpu", 2)} is 2000m. */
    public static Requests ofUnits(String resource, long units) {
        return new Requests(Map.of(resource, units * 1000));
    }

    public long get(String resource) {
        return milli.getOrDefault(resource, 0L);
    }

    public boolean has(String resource) {
        return milli.containsKey(resource);
    }

    public Requests plus(Requests other) {
        if (other.milli.isEmpty()) return this;
        Map<String, Long> m = new HashMap<>(milli);
        other.milli.forEach((k, v) -> m.merge(k, v, Long::sum));
        return new Requests(m);
    }

    public Requests minus(Requests other) {
        if (other.milli.isEmpty()) return this;
        Map<String, Long> m = new HashMap<>(milli);
        other.milli.forEach((k, v) -> m.merge(k, -v, Long::sum));
        return new Requests(m);
    }

    /** Per resource, the larger of the two (an init container runs alone, before the others). */
    public Requests max(Requests other) {
        Map<String, Long> m = new HashMap<>(milli);
        other.milli.forEach((k, v) -> m.merge(k, v, Math::max));
        return new Requests(m);
    }

    @Override
    public String toString() {
        return new TreeMap<>(milli).toString();
    }
}
