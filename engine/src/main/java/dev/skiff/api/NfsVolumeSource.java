package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An NFS export mounted by the node. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NfsVolumeSource(String server, String path, Boolean readOnly) {
}
