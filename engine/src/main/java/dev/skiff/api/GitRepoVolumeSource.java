package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A git checkout made before the pod starts. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GitRepoVolumeSource(String repository, String revision, String directory) {
}
