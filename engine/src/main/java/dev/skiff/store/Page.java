package dev.skiff.store;

import java.util.List;

/** A page of a list, read at {@code revision}; {@code more} says whether keys follow the last item. */
public record Page(List<KeyValue> items, long revision, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
