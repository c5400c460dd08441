package dev.skiff.chaos;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import java.util.List;

/**
 * The chaos kinds ({@code chaos.skiff.dev/v1alpha1}). Registered by the engine and the CLI at
 * start, so {@code apply -f}, {@code get podchaos} and the controllers all know them. Idempotent.
 */
public final class ChaosKinds {

    public static final String GROUP = "chaos.skiff.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    public static final KindInfo POD_CHAOS = new KindInfo(PodChaos.KIND, GROUP, VERSION, "podchaos", "podchaos",
            List.of("pc"), true, PodChaos.class);
    public static final KindInfo NODE_CHAOS = new KindInfo(NodeChaos.KIND, GROUP, VERSION, "nodechaos", "nodechaos",
            List.of("nc"), true, NodeChaos.class);
    public static final KindInfo NETWORK_CHAOS = new KindInfo(NetworkChaos.KIND, GROUP, VERSION, "networkchaos",
            "networkchaos", List.of("netchaos"), true, NetworkChaos.class);
    public static final KindInfo STRESS_CHAOS = new KindInfo(StressChaos.KIND, GROUP, VERSION, "stresschaos",
            "stresschaos", List.of("sc"), true, StressChaos.class);

    public static final KindInfo CHAOS_MONKEY = new KindInfo(dev.skiff.chaos.monkey.ChaosMonkey.KIND, GROUP, VERSION,
            "chaosmonkeys", "chaosmonkey", List.of("monkey"), true, dev.skiff.chaos.monkey.ChaosMonkey.class);

    public static final List<KindInfo> ALL = List.of(POD_CHAOS, NODE_CHAOS, NETWORK_CHAOS, STRESS_CHAOS, CHAOS_MONKEY);

    /** The fault record types, for code that handles every kind. */
    public static final List<Class<? extends Fault>> TYPES =
            List.of(PodChaos.class, NodeChaos.class, NetworkChaos.class, StressChaos.class);

    private ChaosKinds() {
    }

    public static void register() {
        ALL.forEach(Kinds::register);
    }
}
