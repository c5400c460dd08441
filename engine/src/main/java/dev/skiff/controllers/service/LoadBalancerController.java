package dev.skiff.controllers.service;

import dev.skiff.api.LoadBalancerIngress;
import dev.skiff.api.LoadBalancerStatus;
import dev.skiff.api.Node;
import dev.skiff.api.NodeAddress;
import dev.skiff.api.Service;
import dev.skiff.api.ServiceStatus;
import dev.skiff.api.ServiceType;
import dev.skiff.client.ApiException;
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
import java.util.Objects;
import java.util.Optional;

/**
 * Bare-metal LoadBalancer, as k3s's ServiceLB: a LoadBalancer service is served on the addresses
 * of the chosen nodes — those labelled {@value #ENABLE_LB}=true if any node is, else every Ready
 * node — and {@code status.loadBalancer.ingress} lists them. The agents on those nodes open the
 * service port (their proxy reads the ingress list).
 */
public final class LoadBalancerController implements Reconciler {

    public static final String ENABLE_LB = "svccontroller.k3s.cattle.io/enablelb";

    private final EngineContext context;
    private final Informer<Service> services;
    private final Informer<Node> nodes;

    private LoadBalancerController(EngineContext context) {
        this.context = context;
        this.services = context.informers().of(Service.class);
        this.nodes = context.informers().of(Node.class);
    }

    public static ControllerSetup setup() {
        return (EngineContext context, ControllerManager manager) -> {
            LoadBalancerController r = new LoadBalancerController(context);
            Controller controller = new Controller("service-lb", r, 1, context.scheduler());
            r.services.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Service s) {
                    controller.enqueue(Request.of(s.namespace(), s.name()));
                }

                @Override
                public void onUpdate(Service previous, Service s) {
                    controller.enqueue(Request.of(s.namespace(), s.name()));
                }
            });
            r.nodes.addHandler(new ResourceHandler<>() {
                @Override
                public void onAdd(Node n) {
                    r.all().forEach(controller::enqueue);
                }

                @Override
                public void onUpdate(Node previous, Node n) {
                    if (!Objects.equals(address(previous), address(n)) || previous.ready() != n.ready()
                            || !Objects.equals(previous.metadata().labelsOrEmpty().get(ENABLE_LB), n.metadata().labelsOrEmpty().get(ENABLE_LB))) {
                        r.all().forEach(controller::enqueue);
                    }
                }

                @Override
                public void onDelete(Node n) {
                    r.all().forEach(controller::enqueue);
                }
            });
            manager.add(controller);
            manager.add(CacheReplay.of(controller, r::all));
        };
    }

    private List<Request> all() {
        return services.list().stream().map(s -> Request.of(s.namespace(), s.name())).toList();
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Service> cached = services.get(request.namespace(), request.name());
        if (cached.isEmpty()) return Result.done();
        LoadBalancerStatus wanted = cached.get().spec() != null && cached.get().spec().type() == ServiceType.LOAD_BALANCER
                ? new LoadBalancerStatus(ingress()) : null;
        LoadBalancerStatus now = cached.get().status() == null ? null : cached.get().status().loadBalancer();
        if (Objects.equals(normalize(now), normalize(wanted))) return Result.done();
        try {
            context.client().modifyStatus(Service.class, request.namespace(), request.name(),
                    s -> s.withStatus(wanted == null ? null : new ServiceStatus(wanted)));
        } catch (ApiException.NotFound gone) {
            // deleted meanwhile
        }
        return Result.done();
    }

    /** The chosen nodes' addresses, sorted so an unchanged choice writes nothing. */
    List<LoadBalancerIngress> ingress() {
        List<Node> all = nodes.list();
        boolean labelled = all.stream().anyMatch(n -> "true".equals(n.metadata().labelsOrEmpty().get(ENABLE_LB)));
        return all.stream()
                .filter(n -> !labelled || "true".equals(n.metadata().labelsOrEmpty().get(ENABLE_LB)))
                .filter(Node::ready)
                .map(LoadBalancerController::address).flatMap(Optional::stream).sorted().distinct()
                .map(ip -> new LoadBalancerIngress(ip, null)).toList();
    }

    private static List<LoadBalancerIngress> normalize(LoadBalancerStatus s) {
        return s == null || s.ingress() == null ? List.of() : s.ingress();
    }


    static Optional<String> address(Node n) {
        if (n.status() == null || n.status().addresses() == null) return Optional.empty();
        return n.status().addresses().stream().filter(a -> "InternalIP".equals(a.type())).map(NodeAddress::address).findFirst();
    }

}
