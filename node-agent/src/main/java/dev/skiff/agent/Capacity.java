package dev.skiff.agent;

import dev.skiff.api.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What this machine offers: cores and memory from /proc, unless the operator says otherwise. */
public final class Capacity {
    private Capacity() {}

    static Map<String, Quantity> detect(Map<String, Quantity> given) {
        var capacity = new LinkedHashMap<String, Quantity>();
        capacity.put("cpu", Quantity.parse(Integer.toString(Runtime.getRuntime().availableProcessors())));
        capacity.put("memory", Quantity.ofBytes(memTotalBytes()));
        capacity.put("pods", Quantity.parse("110"));
        capacity.putAll(given);
        return capacity;
    }

    private static long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Parses "cpu=4,memory=4Gi" into quantities; throws IllegalArgumentException naming the bad entry. */
    public static Map<String, Quantity> parse(String spec) {
        var out = new LinkedHashMap<String, Quantity>();
        if (spec == null || spec.isBlank()) return out;
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("\"" + entry + "\" is not NAME=QUANTITY (e.g. cpu=4,memory=4Gi)");
            out.put(entry.substring(0, eq).trim(), Quantity.parse(entry.substring(eq + 1).trim()));
        }
        return out;
    }
}
