package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A command run inside the container; exit 0 means healthy. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExecAction(List<String> command) {
}
