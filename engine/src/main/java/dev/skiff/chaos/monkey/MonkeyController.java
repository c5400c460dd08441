package dev.skiff.chaos.monkey;

import dev.skiff.api.Deployment;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Request;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Wires the monkey into the engine (leader only, like every controller): one worker, because
 * every decision is a write to the one monkey object. A Deployment is looked at when its labels
 * change, when the monkey's spec changes, and when its planned time comes.
 */
public final class MonkeyController implements ControllerSetup {

    @Override
    public void setup(EngineContext context, ControllerManager manager) {
        MonkeyReconciler reconciler = new MonkeyReconciler(context);
        Controller controller = new Controller("chaos-monkey", reconciler, 1, context.scheduler());
        reconciler.monkeys().addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(ChaosMonkey m) {
                everything(reconciler).forEach(controller::enqueue);
            }

            @Override
            public void onUpdate(ChaosMonkey before, ChaosMonkey after) {
                if (!Objects.equals(before.spec(), after.spec())) everything(reconciler).forEach(controller::enqueue);
            }
        });
        reconciler.deployments().addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                controller.enqueue(Request.of(d.namespace(), d.name()));
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                if (!before.metadata().labelsOrEmpty().equals(after.metadata().labelsOrEmpty())
                        || !Objects.equals(before.metadata().deletionTimestamp(), after.metadata().deletionTimestamp())) {
                    controller.enqueue(Request.of(after.namespace(), after.name()));
                }
            }

            @Override
            public void onDelete(Deployment d) {
                controller.enqueue(Request.of(d.namespace(), d.name()));
            }
        });
        manager.add(controller);
        manager.add(CacheReplay.of(controller, () -> everything(reconciler)));
    }

    private static List<Request> everything(MonkeyReconciler reconciler) {
        List<Request> all = new ArrayList<>();
        all.add(MonkeyReconciler.MONKEY);
        for (Deployment d : reconciler.deployments().list()) all.add(Request.of(d.namespace(), d.name()));
        return all;
    }
}
