package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Facts about a node's machine. kubeletVersion carries the Skiff agent version. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeSystemInfo(String machineID, String systemUUID, String bootID, String kernelVersion, String osImage, String containerRuntimeVersion, String kubeletVersion, String kubeProxyVersion, String operatingSystem, String architecture) {
}
