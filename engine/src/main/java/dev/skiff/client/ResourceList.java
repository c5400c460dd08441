package dev.skiff.client;

import dev.skiff.api.Resource;
import java.util.List;

/** A consistent list of objects read at one store revision (watch from {@code revision + 1}). */
public record ResourceList<T extends Resource>(List<T> items, long revision) {
    public ResourceList {
        items = List.copyOf(items);
    }
}
