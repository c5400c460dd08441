package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How a Deployment replaces old pods with new ones. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeploymentStrategy(DeploymentStrategyType type, RollingUpdateDeployment rollingUpdate) {
}
