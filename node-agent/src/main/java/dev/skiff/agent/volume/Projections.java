package dev.skiff.agent.volume;

import dev.skiff.agent.volume.VolumeManager.VolumeException;
import dev.skiff.api.ConfigMap;
import dev.skiff.api.KeyToPath;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import dev.skiff.api.Volume;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files a configMap or secret volume shows, as Kubernetes projects them: every key as a file,
 * or only {@code items} at their paths; mode = item mode, else defaultMode, else 0644. A missing
 * object or key fails the pod unless the volume is {@code optional}.
 */
final class Projections {

    static final int DEFAULT_MODE = 0644;

    private Projections() {
    }

    /** Empty when the volume is neither configMap nor secret. */
    static Optional<Map<String, AtomicDir.File>> of(Pod pod, Volume v, VolumeObjects objects) {
        var ns = pod.metadata().namespace();
        if (v.configMap() != null) {
            var src = v.configMap();
            var data = objects.configMap(ns, src.name()).map(Projections::bytes);
            return Optional.of(files(v.name(), "configmap " + ns + "/" + src.name(), data, src.items(),
                    src.defaultMode(), Boolean.TRUE.equals(src.optional())));
        }
        if (v.secret() != null) {
            var src = v.secret();
            var data = objects.secret(ns, src.secretName()).map(Projections::bytes);
            return Optional.of(files(v.name(), "secret " + ns + "/" + src.secretName(), data, src.items(),
                    src.defaultMode(), Boolean.TRUE.equals(src.optional())));
        }
        return Optional.empty();
    }

    private static Map<String, AtomicDir.File> files(String volume, String what, Optional<Map<String, byte[]>> data,
                                                     List<KeyToPath> items, Integer defaultMode, boolean optional) {
        if (data.isEmpty()) {
            if (optional) return Map.of();
            throw new VolumeException("volume " + volume + ": " + what + " not found; create it, or mark the "
                    + "volume optional: true");
        }
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        var out = new LinkedHashMap<String, AtomicDir.File>();
        if (items == null || items.isEmpty()) {
            data.get().forEach((k, bytes) -> out.put(checked(volume, k), new AtomicDir.File(bytes, mode)));
            return out;
        }
        for (var item : items) {
            var bytes = data.get().get(item.key());
            if (bytes == null) {
                if (optional) continue;
                throw new VolumeException("volume " + volume + ": " + what + " has no key " + item.key()
                        + " (items[].key); add it, or mark the volume optional: true");
            }
            var path = item.path() == null || item.path().isBlank() ? item.key() : item.path();
            out.put(checked(volume, path), new AtomicDir.File(bytes, item.mode() == null ? mode : item.mode()));
        }
        return out;
    }

    /** Kubernetes refuses absolute paths and ".." in projected paths: they could escape the volume. */
    private static String checked(String volume, String path) {
        var p = Path.of(path).normalize();
        if (p.isAbsolute() || p.startsWith("..") || path.startsWith("..")) {
            throw new VolumeException("volume " + volume + ": item path " + path + " must be relative and must not "
                    + "start with '..'");
        }
        return p.toString();
    }

    private static Map<String, byte[]> bytes(ConfigMap cm) {
        var out = new LinkedHashMap<String, byte[]>();
        cm.dataOrEmpty().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
        if (cm.binaryData() != null) cm.binaryData().forEach((k, v) -> out.put(k, Base64.getMimeDecoder().decode(v)));
        return out;
    }

    private static Map<String, byte[]> bytes(Secret s) {
        var out = new LinkedHashMap<String, byte[]>();
        if (s.data() != null) s.data().forEach((k, v) -> out.put(k, Base64.getMimeDecoder().decode(v)));
        // stringData is merged into data at admission; a secret written around it still counts
        if (s.stringData() != null) {
            s.stringData().forEach((k, v) -> out.putIfAbsent(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
