package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A directory or file of the node. type as Kubernetes (Directory, DirectoryOrCreate, File...). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostPathVolumeSource(String path, String type) {
}
