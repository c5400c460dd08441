package dev.skiff.controllers.endpoints;

import dev.skiff.api.EndpointSubset;
import dev.skiff.api.Endpoints;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.Service;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controllers.CacheReplay;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps, for each Service with a selector, an Endpoints object of the same name listing the
 * selected pods (ready ones and not-ready ones apart). A pod on a node whose Ready condition is not
 * True counts as not ready: its agent cannot be trusted to report otherwise. Services without a
 * selector keep whatever Endpoints their owner writes.
 */
public final class EndpointsController implements Reconciler {

    private final EngineContext context;
    private final Informer<Service> services;
    private final Informer<Pod> pods;
    private final Informer<Endpoints> endpoints;
    private final Informer<Node> nodes;

    private EndpointsController(EngineContext context) {
        this.context = context;
        this.services = context.informers().of(Service.class);
        this.pods = context.informers().of(Pod.class);
        this.endpoints = context.informers().of(Endpoints.class);
        this.nodes = context.informers().of(Node.class);
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            EndpointsController reconciler = new EndpointsController(context);
            Controller controller = new Controller("endpoints", reconciler, context.config().workers(), context.scheduler());
            reconciler.feed(controller);
            manager.add(controller);
            manager.add(CacheReplay.of(controller, () -> reconciler.services.list().stream()
                    .map(s -> Request.of(s.namespace(), s.name())).toList()));
        };
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Service> service = services.get(request.namespace(), request.name());
        Optional<Endpoints> current = endpoints.get(request.namespace(), request.name());
        if (service.isEmpty()) {
            current.ifPresent(this::deleteQuietly);
            return Result.done();
        }
        Map<String, String> selector = selectorOf(service.get());
        if (selector.isEmpty()) return Result.done();
        List<Pod> selected = pods.list(request.namespace(), LabelSelector.of(selector));
        List<EndpointSubset> subsets = EndpointsBuilder.subsets(service.get(), selected, this::nodeReady);
        Map<String, String> labels = service.get().metadata().labels();
        Client client = context.client();
        if (current.isEmpty()) {
            ObjectMeta meta = ObjectMeta.named(request.namespace(), request.name()).withLabels(labels);
            // AlreadyExists means the cache is behind: the runtime retries once it has caught up
            client.create(new Endpoints(null, null, meta, subsets.isEmpty() ? null : subsets));
        } else if (!sameSubsets(current.get().subsets(), subsets) || !Objects.equals(labels, current.get().metadata().labels())) {
            Endpoints e = current.get();
            client.update(e.withMetadata(e.metadata().withLabels(labels)).withSubsets(subsets.isEmpty() ? null : subsets));
        }
        return Result.done();
    }

    private boolean nodeReady(String nodeName) {
        if (nodeName == null) return true;
        // an unknown node says nothing against the pod's own readiness
        return nodes.get(null, nodeName).map(Node::ready).orElse(true);
    }


    private static boolean sameSubsets(List<EndpointSubset> stored, List<EndpointSubset> desired) {
        return (stored == null ? List.of() : stored).equals(desired);
    }

    private void deleteQuietly(Endpoints e) {
        try {
            context.client().delete(Endpoints.class, e.namespace(), e.name(), DeleteOptions.now());
        } catch (ApiException.NotFound gone) {
            // already gone
        }
    }

    private static Map<String, String> selectorOf(Service s) {
        return s.spec() == null || s.spec().selector() == null ? Map.of() : s.spec().selector();
    }

    // ---- what to look at when something changes

    private void feed(Controller controller) {
        services.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Service s) {
                controller.enqueue(Request.of(s.namespace(), s.name()));
            }

            @Override
            public void onUpdate(Service previous, Service s) {
                controller.enqueue(Request.of(s.namespace(), s.name()));
            }

            @Override
            public void onDelete(Service s) {
                controller.enqueue(Request.of(s.namespace(), s.name()));
            }
        });
        pods.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Pod p) {
                enqueueSelecting(controller, p, null);
            }

            @Override
            public void onUpdate(Pod previous, Pod p) {
                enqueueSelecting(controller, p, previous);
            }

            @Override
            public void onDelete(Pod p) {
                enqueueSelecting(controller, p, null);
            }
        });
        endpoints.addHandler(new ResourceHandler<>() {
            @Override
            public void onUpdate(Endpoints previous, Endpoints e) {
                controller.enqueue(Request.of(e.namespace(), e.name())); // someone else edited it: put it back
            }

            @Override
            public void onDelete(Endpoints e) {
                controller.enqueue(Request.of(e.namespace(), e.name()));
            }
        });
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onUpdate(Node previous, Node n) {
                if (previous.ready() != n.ready()) enqueueServicesOn(controller, n.name());
            }
        });
    }

    /** Services whose selector matches the pod's labels now or before the change. */
    private void enqueueSelecting(Controller controller, Pod pod, Pod previous) {
        for (Service s : services.list(pod.namespace())) {
            LabelSelector sel = LabelSelector.of(selectorOf(s));
            if (selectorOf(s).isEmpty()) continue;
            if (sel.matches(pod.metadata().labelsOrEmpty())
                    || (previous != null && sel.matches(previous.metadata().labelsOrEmpty()))) {
                controller.enqueue(Request.of(s.namespace(), s.name()));
            }
        }
    }

    private void enqueueServicesOn(Controller controller, String nodeName) {
        for (Pod p : pods.list()) {
            if (p.spec() != null && nodeName.equals(p.spec().nodeName())) enqueueSelecting(controller, p, null);
        }
    }
}
