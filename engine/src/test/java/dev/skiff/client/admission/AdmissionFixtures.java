package dev.skiff.client.admission;

import dev.skiff.api.Json;
import dev.skiff.api.LimitRange;
import dev.skiff.api.Pod;
import dev.skiff.api.ResourceQuota;

/** Manifests as an operator writes them, for the admission tests. */
final class AdmissionFixtures {
    private AdmissionFixtures() {}

    static Pod pod(String ns, String name, String resources) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s}
                spec:
                  containers:
                  - name: main
                    image: busybox:1
                    command: [sleep, "3600"]
                    resources: %s
                """.formatted(name, ns, resources), Pod.class);
    }

    static Pod pod(String ns, String name) {
        return pod(ns, name, "{}");
    }

    static ResourceQuota quota(String ns, String name, String hard) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: %s, namespace: %s}
                spec:
                  hard: %s
                """.formatted(name, ns, hard), ResourceQuota.class);
    }

    static LimitRange limitRange(String ns, String name, String item) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: LimitRange
                metadata: {name: %s, namespace: %s}
                spec:
                  limits:
                  - %s
                """.formatted(name, ns, item), LimitRange.class);
    }
}
