package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Active or Terminating. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamespaceStatus(String phase) {

    public static final String ACTIVE = "Active";
    public static final String TERMINATING = "Terminating";
}
