package dev.skiff.agent.runtime;

import java.time.Duration;

/** What a runtime did about a container's image before starting it; the agent turns these into Events. */
public interface ImageEvents {
    ImageEvents NONE = new ImageEvents() { };

    /** It is about to pull {@code image}. */
    default void pulling(String image) { }

    /** It pulled {@code image} in {@code took}. */
    default void pulled(String image, Duration took) { }

    /** {@code image} was on the node already and the pull policy did not ask for a pull. */
    default void present(String image) { }
}
