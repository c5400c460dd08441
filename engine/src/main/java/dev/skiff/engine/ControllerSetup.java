package dev.skiff.engine;

import dev.skiff.controller.ControllerManager;

/** How a controller joins the engine: builds its controller(s) and registers them and their feeds. */
@FunctionalInterface
public interface ControllerSetup {
    void setup(EngineContext context, ControllerManager manager);
}
