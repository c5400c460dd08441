package dev.skiff.client;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Deployment;
import dev.skiff.api.Json;
import dev.skiff.api.Pod;

/** Small valid objects, written as an operator would write them. */
final class Fixtures {
    private Fixtures() {}

    static Deployment deployment(String namespace, String name, String image, int replicas) {
        return Json.fromYaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: %s
                  labels: {app: %s}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: main
                        image: %s
                """.formatted(name, namespace, name, replicas, name, name, image), Deployment.class);
    }

    static ConfigMap configMap(String namespace, String name, String key, String value, String label) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: %s
                  labels: {tier: %s}
                data:
                  %s: "%s"
                """.formatted(name, namespace, label, key, value), ConfigMap.class);
    }

    static Pod pod(String namespace, String name, String nodeName) {
        return Json.fromYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  %s
                  containers:
                  - name: main
                    image: busybox:1
                    command: [sleep, "3600"]
                """.formatted(name, namespace, nodeName == null ? "" : "nodeName: " + nodeName), Pod.class);
    }
}
