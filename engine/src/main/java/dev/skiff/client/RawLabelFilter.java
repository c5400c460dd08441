package dev.skiff.client;

import dev.skiff.api.LabelSelector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cheap test on an object's stored bytes before decoding it: an object matching {@code app=web}
 * must contain the JSON string {@code "web"} somewhere. etcd has no label index, so a selective
 * list otherwise decodes every object of the kind (5,000 pods to show 100); this skips most of
 * them. Only a necessary condition: what passes is decoded and matched for real.
 */
final class RawLabelFilter {

    private final List<byte[]> needles;

    private RawLabelFilter(List<byte[]> needles) {
        this.needles = needles;
    }

    static RawLabelFilter of(LabelSelector selector) {
        List<byte[]> needles = new ArrayList<>();
        if (selector != null) {
            // label values are [A-Za-z0-9._-]: no JSON escaping can hide them
            for (String value : selector.matchLabels().values()) {
                if (!value.isEmpty()) needles.add(("\"" + value + "\"").getBytes(StandardCharsets.UTF_8));
            }
        }
        return new RawLabelFilter(needles);
    }

    boolean mayMatch(byte[] json) {
        for (byte[] needle : needles) {
            if (StoredFilter.indexOf(json, needle) < 0) return false;
        }
        return true;
    }
}
