package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Finalizers that must run before a namespace goes away. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamespaceSpec(List<String> finalizers) {
}
