package dev.skiff.engine;

import dev.skiff.api.Namespace;
import dev.skiff.chaos.ChaosController;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controllers.deployment.DeploymentController;
import dev.skiff.controllers.replicaset.ReplicaSetController;
import dev.skiff.controller.DelayScheduler;
import dev.skiff.controller.LeaderElection;
import dev.skiff.controller.Startable;
import dev.skiff.controllers.endpoints.EndpointsController;
import dev.skiff.controllers.events.EventTtlController;
import dev.skiff.controllers.gc.GarbageCollector;
import dev.skiff.controllers.namespace.NamespaceController;
import dev.skiff.controllers.node.NodeLifecycleController;
import dev.skiff.scheduler.SchedulerController;
import dev.skiff.controllers.quota.QuotaControllerSetup;
import dev.skiff.controllers.service.AllocationRepair;
import dev.skiff.controllers.service.LoadBalancerController;
import dev.skiff.store.Store;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration engine as a library (DESIGN.md §1): shared informers, the controllers, and a
 * leader election so that of several engines on one store exactly one acts. Hosted by
 * {@code skiff server} and by the shell's local cluster.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final Informers informers;
    private final ControllerManager manager;
    private final EngineContext context;
    private final LeaderElection election;

    public Engine(Store store, EngineConfig config, Clock clock, List<ControllerSetup> setups) {
        ChaosKinds.register(); // before the setups: the garbage collector watches every registered kind
        Client client = new Client(store, clock);
        this.informers = new Informers(client);
        this.manager = new ControllerManager();
        this.context = new EngineContext(client, manager, informers, config, DelayScheduler.system());
        manager.add(bootstrap());
        for (ControllerSetup s : setups) s.setup(context, manager);
        manager.waitFor(informers::hasSynced);
        this.election = new LeaderElection(store,
                LeaderElection.Config.of(config.identity()).withTtl(config.leaderTtl()), manager);
    }

    /** The controllers Skiff runs. */
    public static List<ControllerSetup> builtIn() {
        return List.of(
                SchedulerController::setup,
                new ReplicaSetController(),
                new DeploymentController(),
                NodeLifecycleController.setup(),
                EndpointsController.setup(),
                GarbageCollector.setup(),
                NamespaceController.setup(),
                EventTtlController.setup(),
                new QuotaControllerSetup(),
                AllocationRepair.setup(),
                LoadBalancerController.setup(),
                new ChaosController(),
                new dev.skiff.chaos.monkey.MonkeyController());
    }

    public Engine start() {
        informers.start();
        election.start();
        log.info("engine {} started; campaigning for leadership", context.config().identity());
        return this;
    }

    public boolean isLeader() {
        return election.isLeader();
    }

    public EngineContext context() {
        return context;
    }

    public ControllerManager manager() {
        return manager;
    }

    /** Namespaces every cluster has, created by whichever engine leads first. */
    private Startable bootstrap() {
        return Startable.eachTerm(() -> {
            for (String ns : Client.BUILT_IN_NAMESPACES) {
                try {
                    context.client().create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
                } catch (ApiException.AlreadyExists e) {
                    // created by an earlier term
                }
            }
        });
    }

    @Override
    public void close() {
        election.close();
        manager.close();
        context.events().close();
        informers.close();
    }
}
