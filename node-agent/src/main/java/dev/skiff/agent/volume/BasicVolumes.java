package dev.skiff.agent.volume;

import dev.skiff.agent.runtime.Mount;
import dev.skiff.api.Container;
import dev.skiff.api.Pod;
import dev.skiff.api.Volume;
import dev.skiff.api.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The volumes every node has without help: emptyDir (a directory under the pod's dir, removed with
 * the pod) and hostPath (as is). The other kinds are refused with a clear reason until their
 * manager is plugged in.
 */
public final class BasicVolumes implements VolumeManager {
    private final Path podsDir;

    public BasicVolumes(Path podsDir) {
        this.podsDir = podsDir;
    }

    @Override
    public Map<String, List<Mount>> prepare(Pod pod) {
        var sources = new HashMap<String, Path>();
        var volumes = pod.spec().volumes() == null ? List.<Volume>of() : pod.spec().volumes();
        for (var v : volumes) sources.put(v.name(), source(pod, v));
        var out = new HashMap<String, List<Mount>>();
        for (var c : pod.spec().containers()) out.put(c.name(), mounts(pod, c, sources));
        return out;
    }

    private Path source(Pod pod, Volume v) {
        try {
            if (v.hostPath() != null) return Path.of(v.hostPath().path());
            if (v.emptyDir() != null) {
                return Files.createDirectories(podsDir.resolve(pod.metadata().uid()).resolve("volumes").resolve(v.name()));
            }
        } catch (IOException e) {
            throw new VolumeException("cannot create volume " + v.name() + ": " + e.getMessage());
        }
        throw new VolumeException("volume " + v.name() + ": this node supports only emptyDir and hostPath volumes so far");
    }

    private static List<Mount> mounts(Pod pod, Container c, Map<String, Path> sources) {
        var mounts = new ArrayList<Mount>();
        for (VolumeMount vm : c.volumeMounts() == null ? List.<VolumeMount>of() : c.volumeMounts()) {
            var src = sources.get(vm.name());
            if (src == null) {
                throw new VolumeException("container " + c.name() + " mounts volume " + vm.name()
                        + ", which pod " + pod.name() + " does not declare");
            }
            if (vm.subPath() != null && !vm.subPath().isEmpty()) src = src.resolve(vm.subPath());
            mounts.add(new Mount(src.toString(), vm.mountPath(), Boolean.TRUE.equals(vm.readOnly())));
        }
        return mounts;
    }

    @Override
    public void release(String podUid) {
        var dir = podsDir.resolve(podUid).resolve("volumes");
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the pod dir goes with the pod
        }
    }
}
