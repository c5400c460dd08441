package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where an env var's value comes from; exactly one is set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EnvVarSource(KeySelector configMapKeyRef, KeySelector secretKeyRef, ObjectFieldSelector fieldRef) {
}
