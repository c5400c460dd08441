package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The keys of a ConfigMap as files. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConfigMapVolumeSource(String name, List<KeyToPath> items, Integer defaultMode, Boolean optional) {
}
