package dev.skiff.engine;

import java.time.Duration;
import java.util.Map;

/**
 * The engine's settings, with defaults sized for a micro-cluster (not Kubernetes' 5+ minutes):
 * a node's pods are replaced {@code podEvictionTimeout} after it turned NotReady — when its agent
 * has not renewed its heartbeat lease for {@code nodeMonitorGracePeriod}, or the lease expired.
 *
 * @param identity            who this engine is in leader election (host-pid by default)
 * @param leaderTtl           the leader lease's TTL: a standby takes over within it
 * @param podEvictionTimeout  default toleration of an unreachable node before its pods fail
 * @param scoring             spread pods (LeastAllocated) or bin-pack them (MostAllocated)
 * @param overcommit          allocatable × ratio is what requests may add up to, per resource
 * @param eventTtl            events older than this are deleted
 * @param workers             reconcile workers per controller
 * @param serviceRanges       the service CIDR and NodePort range every client allocates from
 * @param nodeMonitorGracePeriod how long a node's heartbeat lease may go unrenewed before the node
 *                            is NotReady (Kubernetes' node-monitor-grace-period); a grace as long
 *                            as the lease's TTL leaves it to the lease's expiry
 */
public record EngineConfig(String identity, Duration leaderTtl, Duration podEvictionTimeout, Scoring scoring,
                           Map<String, Double> overcommit, Duration eventTtl, int workers,
                           dev.skiff.client.ServiceRanges serviceRanges, Duration nodeMonitorGracePeriod) {

    public enum Scoring { LEAST_ALLOCATED, MOST_ALLOCATED }

    public EngineConfig {
        overcommit = Map.copyOf(overcommit);
        serviceRanges = serviceRanges == null ? dev.skiff.client.ServiceRanges.DEFAULT : serviceRanges;
        nodeMonitorGracePeriod = nodeMonitorGracePeriod == null ? DEFAULT_NODE_MONITOR_GRACE : nodeMonitorGracePeriod;
        if (!nodeMonitorGracePeriod.isPositive()) {
            throw new IllegalArgumentException("nodeMonitorGracePeriod must be positive, got "
                    + nodeMonitorGracePeriod);
        }
    }

    /**
     * Two of an agent's renewal periods (a fifth of its default 10 s lease) and a second: one late
     * or lost renewal never makes a node NotReady, a powered-off one is seen 3–6 s after.
     */
    public static final Duration DEFAULT_NODE_MONITOR_GRACE = Duration.ofSeconds(5);

    public static EngineConfig defaults() {
        return new EngineConfig(dev.skiff.controller.LeaderElection.Config.forThisProcess().identity(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Scoring.LEAST_ALLOCATED, Map.of(),
                Duration.ofHours(1), 4, null, DEFAULT_NODE_MONITOR_GRACE);
    }

    public EngineConfig withIdentity(String v) {
        return new EngineConfig(v, leaderTtl, podEvictionTimeout, scoring, overcommit, eventTtl, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withLeaderTtl(Duration v) {
        return new EngineConfig(identity, v, podEvictionTimeout, scoring, overcommit, eventTtl, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withPodEvictionTimeout(Duration v) {
        return new EngineConfig(identity, leaderTtl, v, scoring, overcommit, eventTtl, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withScoring(Scoring v) {
        return new EngineConfig(identity, leaderTtl, podEvictionTimeout, v, overcommit, eventTtl, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withOvercommit(Map<String, Double> v) {
        return new EngineConfig(identity, leaderTtl, podEvictionTimeout, scoring, v, eventTtl, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withEventTtl(Duration v) {
        return new EngineConfig(identity, leaderTtl, podEvictionTimeout, scoring, overcommit, v, workers,
                serviceRanges, nodeMonitorGracePeriod);
    }

    public EngineConfig withServiceRanges(dev.skiff.client.ServiceRanges v) {
        return new EngineConfig(identity, leaderTtl, podEvictionTimeout, scoring, overcommit, eventTtl, workers,
                v, nodeMonitorGracePeriod);
    }

    public EngineConfig withNodeMonitorGracePeriod(Duration v) {
        return new EngineConfig(identity, leaderTtl, podEvictionTimeout, scoring, overcommit, eventTtl, workers,
                serviceRanges, v);
    }

    /** The over-commit ratio for {@code resource} (1.0 when not set). */
    public double overcommitOf(String resource) {
        return overcommit.getOrDefault(resource, 1.0);
    }
}
