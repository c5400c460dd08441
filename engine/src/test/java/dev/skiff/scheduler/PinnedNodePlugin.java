package dev.skiff.scheduler;

/**
 * A plugin from outside Skiff's own code, registered in src/test's META-INF/services: pods
 * annotated {@code example.skiff.dev/pin: <node>} strongly prefer that node. Pods without the
 * annotation are unaffected, so its presence on the test class path changes nothing else.
 */
public final class PinnedNodePlugin implements ScorePlugin {

    static final String ANNOTATION = "example.skiff.dev/pin";

    @Override
    public String name() {
        return "PinnedNode";
    }

    @Override
    public int weight() {
        return 1000;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Policy policy) {
        String pin = pod.pod().metadata().annotationsOrEmpty().get(ANNOTATION);
        return node.name().equals(pin) ? MAX_SCORE : 0;
    }
}
