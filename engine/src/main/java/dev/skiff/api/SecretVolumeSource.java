package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The keys of a Secret as files. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretVolumeSource(String secretName, List<KeyToPath> items, Integer defaultMode, Boolean optional) {
}
