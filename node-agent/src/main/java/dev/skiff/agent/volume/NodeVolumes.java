package dev.skiff.agent.volume;

import dev.skiff.agent.runtime.Mount;
import dev.skiff.api.ConfigMap;
import dev.skiff.api.Container;
import dev.skiff.api.EmptyDirVolumeSource;
import dev.skiff.api.NfsVolumeSource;
import dev.skiff.api.Pod;
import dev.skiff.api.Secret;
import dev.skiff.api.Volume;
import dev.skiff.api.VolumeMount;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Every volume type Skiff supports, prepared on the host before a pod's containers start. Each
 * volume is a host path; both runtimes bind-mount it at {@code volumeMounts[].mountPath} (docker
 * through the Engine API, the process runtime in the container's own mount namespace).
 *
 * <p>Layout: {@code <podsDir>/<pod uid>/volumes/<volume name>}. configMap and secret volumes are
 * re-projected atomically when their object changes ({@link #refresh}, or automatically after
 * {@link #follow}); subPath mounts of them keep the files they started with, as in Kubernetes.
 */
public final class NodeVolumes implements VolumeManager {

    private final Path podsDir;
    private final VolumeObjects objects;
    private final Clock clock;
    private final HostMounts mounts;
    private final Map<String, Pod> prepared = new ConcurrentHashMap<>();
    private volatile BiConsumer<Pod, String> notes = (pod, note) -> { };

    public NodeVolumes(Path podsDir, VolumeObjects objects, Clock clock) {
        this(podsDir, objects, clock, new HostMounts());
    }

    NodeVolumes(Path podsDir, VolumeObjects objects, Clock clock, HostMounts mounts) {
        this.podsDir = podsDir;
        this.objects = objects;
        this.clock = clock;
        this.mounts = mounts;
    }

    /** Where notes about a pod go that are not failures (e.g. "medium: Memory fell back to disk"): events, logs. */
    public NodeVolumes onNote(BiConsumer<Pod, String> sink) {
        this.notes = sink;
        return this;
    }

    @Override
    public Map<String, List<Mount>> prepare(Pod pod) {
        var sources = new LinkedHashMap<String, Path>();
        for (var v : volumes(pod)) sources.put(v.name(), source(pod, v));
        prepared.put(pod.metadata().uid(), pod);
        var out = new HashMap<String, List<Mount>>();
        for (var c : containers(pod)) out.put(c.name(), mountsOf(pod, c, sources));
        return out;
    }

    /**
     * Re-projects the configMap and secret volumes of every prepared pod; returns how many changed.
     * One at a time: the configMaps' and secrets' informers call it from their own threads, and two
     * interleaved projections could leave the older object's files last.
     */
    public synchronized int refresh() {
        int changed = 0;
        for (var pod : prepared.values()) changed += refresh(pod);
        return changed;
    }

    /** Refreshes configMap/secret volumes whenever an informer sees one of those objects change. */
    public NodeVolumes follow(Informer<ConfigMap> configMaps, Informer<Secret> secrets) {
        configMaps.addHandler(refresher());
        secrets.addHandler(refresher());
        return this;
    }

    @Override
    public void release(String podUid) {
        prepared.remove(podUid);
        var dir = podsDir.resolve(podUid).resolve("volumes");
        if (!Files.exists(dir)) return;
        // never delete through a mount: an nfs export or tmpfs left mounted would lose its files
        if (!mounts.unmountUnder(dir)) {
            throw new VolumeException("volumes of pod " + podUid + " are still mounted under " + dir
                    + " and were left in place; unmount them (umount -l) and delete the directory");
        }
        try {
            AtomicDir.deleteTree(dir);
        } catch (IOException e) {
            throw new VolumeException("cannot remove the volumes of pod " + podUid + " in " + dir + ": " + e.getMessage());
        }
    }

    // ---- one volume

    private Path source(Pod pod, Volume v) {
        if (v.hostPath() != null) return HostPaths.prepare(v.name(), v.hostPath());
        var dir = volumeDir(pod, v);
        if (v.emptyDir() != null) return emptyDir(pod, v.name(), v.emptyDir(), dir);
        var projected = Projections.of(pod, v, objects);
        if (projected.isPresent()) {
            AtomicDir.write(dir, projected.get(), clock);
            return dir;
        }
        if (v.gitRepo() != null) {
            GitRepos.prepare(v.name(), v.gitRepo(), dir);
            return dir;
        }
        if (v.nfs() != null) return nfs(v.name(), v.nfs(), dir);
        throw new VolumeException("volume " + v.name() + " has no source this node supports (" + Volume.SUPPORTED + ")");
    }

    private Path volumeDir(Pod pod, Volume v) {
        var dir = podsDir.resolve(pod.metadata().uid()).resolve("volumes").resolve(v.name());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VolumeException("cannot create volume " + v.name() + " in " + dir + ": " + e.getMessage());
        }
    }

    private Path emptyDir(Pod pod, String name, EmptyDirVolumeSource src, Path dir) {
        if (!"Memory".equals(src.medium()) || mounts.isMountPoint(dir)) return dir;
        if (!mounts.canMount()) {
            notes.accept(pod, "volume " + name + ": emptyDir medium Memory needs an agent running as root to mount a "
                    + "tmpfs; it is on disk instead");
            return dir;
        }
        var size = src.sizeLimit() == null ? null : "size=" + src.sizeLimit().value();
        mounts.mount("tmpfs", "tmpfs", dir, size == null ? "mode=0777" : size + ",mode=0777");
        return dir;
    }

    private Path nfs(String name, NfsVolumeSource src, Path dir) {
        if (mounts.isMountPoint(dir)) return dir;
        if (!mounts.canMount() || !Files.isExecutable(Path.of("/sbin/mount.nfs"))) {
            throw new VolumeException("volume " + name + ": this node cannot mount NFS (" + src.server() + ":"
                    + src.path() + "): it needs the agent running as root and mount.nfs (apt-get install nfs-common)");
        }
        mounts.mount("nfs", src.server() + ":" + src.path(), dir, Boolean.TRUE.equals(src.readOnly()) ? "ro,soft" : "soft");
        return dir;
    }

    // ---- mounts per container

    private static List<Mount> mountsOf(Pod pod, Container c, Map<String, Path> sources) {
        var out = new ArrayList<Mount>();
        for (VolumeMount vm : c.volumeMounts() == null ? List.<VolumeMount>of() : c.volumeMounts()) {
            var src = sources.get(vm.name());
            if (src == null) {
                throw new VolumeException("container " + c.name() + " mounts volume " + vm.name() + ", which pod "
                        + pod.metadata().name() + " does not declare in spec.volumes");
            }
            out.add(new Mount(subPath(src, vm).toString(), vm.mountPath(), Boolean.TRUE.equals(vm.readOnly())));
        }
        return out;
    }

    private static Path subPath(Path src, VolumeMount vm) {
        if (vm.subPath() == null || vm.subPath().isEmpty()) return src;
        var rel = Path.of(vm.subPath()).normalize();
        if (rel.isAbsolute() || rel.startsWith("..")) {
            throw new VolumeException("volumeMounts " + vm.name() + ": subPath " + vm.subPath()
                    + " must be relative and stay inside the volume");
        }
        var target = src.resolve(rel);
        try {
            // Kubernetes creates a missing subPath as a directory
            if (!Files.exists(target)) Files.createDirectories(target);
            return target.toRealPath();
        } catch (IOException e) {
            throw new VolumeException("volumeMounts " + vm.name() + ": subPath " + vm.subPath() + ": " + e.getMessage());
        }
    }

    private int refresh(Pod pod) {
        int changed = 0;
        for (var v : volumes(pod)) {
            if (v.configMap() == null && v.secret() == null) continue;
            try {
                var files = Projections.of(pod, v, objects).orElseThrow();
                if (AtomicDir.write(podsDir.resolve(pod.metadata().uid()).resolve("volumes").resolve(v.name()), files,
                        clock)) {
                    changed++;
                }
            } catch (VolumeException e) {
                // a deleted configMap keeps its last files, as the kubelet does; say so once per refresh
                notes.accept(pod, e.getMessage());
            }
        }
        return changed;
    }

    private <T extends dev.skiff.api.Resource> ResourceHandler<T> refresher() {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T object) {
                refresh();
            }

            @Override
            public void onUpdate(T previous, T object) {
                refresh();
            }
        };
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.spec().volumes() == null ? List.of() : pod.spec().volumes();
    }

    private static List<Container> containers(Pod pod) {
        var all = new ArrayList<Container>();
        if (pod.spec().initContainers() != null) all.addAll(pod.spec().initContainers());
        all.addAll(pod.spec().containers());
        return all;
    }
}
