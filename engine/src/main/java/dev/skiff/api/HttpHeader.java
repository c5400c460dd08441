package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A header sent by an HTTP probe. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HttpHeader(String name, String value) {
}
