package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pod volume. The supported sources are typed; the cluster-storage sources Skiff cannot provide on
 * a Pi are kept as opaque JSON so that validation can refuse them by name instead of failing to parse.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Volume(String name, EmptyDirVolumeSource emptyDir, HostPathVolumeSource hostPath,
                     ConfigMapVolumeSource configMap, SecretVolumeSource secret,
                     GitRepoVolumeSource gitRepo, NfsVolumeSource nfs,
                     JsonNode persistentVolumeClaim, JsonNode gcePersistentDisk,
                     JsonNode awsElasticBlockStore, JsonNode flocker, JsonNode glusterfs, JsonNode rbd,
                     JsonNode iscsi, JsonNode projected, JsonNode downwardAPI, JsonNode csi) {

    public static final String SUPPORTED = "emptyDir, hostPath, configMap, secret, gitRepo, nfs";

    public static Volume emptyDir(String name) {
        return new Volume(name, new EmptyDirVolumeSource(null, null), null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** The name of the first unsupported source set on this volume, if any. */
    public Optional<String> refusedSource() {
        // explicit YAML nulls arrive as NullNode and mean "absent", as in Kubernetes
        return refused().entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isNull())
                .map(Map.Entry::getKey).findFirst();
    }

    /** The names of the supported sources that are set (a valid volume has exactly one). */
    public java.util.List<String> sources() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("emptyDir", emptyDir);
        all.put("hostPath", hostPath);
        all.put("configMap", configMap);
        all.put("secret", secret);
        all.put("gitRepo", gitRepo);
        all.put("nfs", nfs);
        return all.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private Map<String, JsonNode> refused() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        m.put("persistentVolumeClaim", persistentVolumeClaim);
        m.put("gcePersistentDisk", gcePersistentDisk);
        m.put("awsElasticBlockStore", awsElasticBlockStore);
        m.put("flocker", flocker);
        m.put("glusterfs", glusterfs);
        m.put("rbd", rbd);
        m.put("iscsi", iscsi);
        m.put("projected", projected);
        m.put("downwardAPI", downwardAPI);
        m.put("csi", csi);
        return m;
    }
}
