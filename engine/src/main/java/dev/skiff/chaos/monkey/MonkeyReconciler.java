package dev.skiff.chaos.monkey;

import dev.skiff.api.Deployment;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosPlanner;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.GoDuration;
import dev.skiff.chaos.PodChaos;
import dev.skiff.chaos.PodChaosAction;
import dev.skiff.chaos.PodChaosSpec;
import dev.skiff.chaos.Targets;
import dev.skiff.chaos.Workloads;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.engine.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The monkey, one workload at a time: plans its next kill (written to the monkey's status), sleeps
 * until then (requeueAfter, no polling), and at that time decides the victims, writes the decision
 * by compare-and-swap, and only then acts — creates a PodChaos pod-kill, so the blast radius,
 * protected namespaces and the fault executor apply, or in dry run records what it would have
 * done. An engine taking over finishes a written decision (the fault's name is fixed by the plan,
 * so creating it twice is impossible) and never decides the same plan again.
 */
final class MonkeyReconciler implements Reconciler {

    static final Request MONKEY = Request.of(ChaosMonkey.NAMESPACE, ChaosMonkey.NAME);

    private final EngineContext context;
    private final Informer<ChaosMonkey> monkeys;
    private final Informer<Deployment> deployments;
    private final Informer<Pod> pods;
    private final Informer<ReplicaSet> replicaSets;
    private final Informer<Namespace> namespaces;
    private final Informer<Node> nodes;
    private final RandomGenerator random = new SplittableRandom();

    MonkeyReconciler(EngineContext context) {
        this.context = context;
        this.monkeys = context.informers().of(ChaosMonkey.class);
        this.deployments = context.informers().of(Deployment.class);
        this.pods = context.informers().of(Pod.class);
        this.replicaSets = context.informers().of(ReplicaSet.class);
        this.namespaces = context.informers().of(Namespace.class);
        this.nodes = context.informers().of(Node.class);
    }

    Informer<ChaosMonkey> monkeys() {
        return monkeys;
    }

    Informer<Deployment> deployments() {
        return deployments;
    }

    @Override
    public Result reconcile(Request request) {
        if (monkeys.get(ChaosMonkey.NAMESPACE, ChaosMonkey.NAME).isEmpty()) return Result.done();
        // the informer's copy may lag our own last write: decide on the stored one (one read)
        Optional<ChaosMonkey> stored = context.client().get(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME);
        if (stored.isEmpty()) return Result.done();
        return request.equals(MONKEY) ? monkey(stored.get()) : workload(stored.get(), request);
    }

    /** Running or paused; a paused monkey keeps no plans. */
    private Result monkey(ChaosMonkey m) {
        boolean paused = m.specOrDefault().pausedOrDefault();
        MonkeyStatus s = m.statusOrNew().withRunning(!paused);
        if (paused) s = s.withoutPlans();
        if (!s.equals(m.statusOrNew())) context.client().updateStatus(m.withStatus(s));
        return Result.done();
    }

    private Result workload(ChaosMonkey m, Request r) {
        String workload = "deployment/" + r.namespace() + "/" + r.name();
        MonkeySpec spec = m.specOrDefault();
        Optional<MonkeyAction> pending = m.statusOrNew().pending(workload);
        if (pending.isPresent()) m = finish(pending.get(), spec.pausedOrDefault());
        Optional<Deployment> d = deployments.get(r.namespace(), r.name());
        Optional<MonkeyLabels.On> on = d.flatMap(x -> enrolled(spec, x));
        MonkeyStatus s = m.statusOrNew();
        if (on.isEmpty()) {
            if (s.plan(workload).isPresent()) context.client().updateStatus(m.withStatus(s.withoutPlan(workload)));
            return Result.done();
        }
        Window window = spec.scheduleOrDefault().parsed();
        String basis = spec.scheduleOrDefault().basis() + " mtbf " + GoDuration.format(on.get().mtbf());
        Instant now = context.clock().instant();
        Optional<MonkeyPlan> plan = s.plan(workload).filter(p -> p.basis().equals(basis));
        if (plan.isEmpty() || (!now.isBefore(plan.get().at()) && !window.isOpen(now))) {
            // nothing planned yet, settings changed, or the engine slept through the window: draw again
            MonkeyPlan next = plan(workload, on.get(), basis, now, window);
            context.client().updateStatus(m.withStatus(s.withPlan(next)));
            return until(next.at(), now);
        }
        if (now.isBefore(plan.get().at())) return until(plan.get().at(), now);
        return strike(m, d.get(), on.get(), plan.get(), basis, window, now);
    }

    private Result strike(ChaosMonkey m, Deployment d, MonkeyLabels.On on, MonkeyPlan plan, String basis, Window window,
                          Instant now) {
        String workload = plan.workload();
        List<Pod> live = livePods(workload);
        List<String> victims = MonkeyPlanner.victims(live, on.mode(), on.value(), random).stream().map(Pod::name).toList();
        boolean dryRun = m.specOrDefault().dryRunOrDefault();
        MonkeyAction decided = new MonkeyAction(now, workload, on.describe(), victims, dryRun,
                faultName(d.name(), plan), MonkeyAction.DECIDED, null);
        MonkeyPlan next = plan(workload, on, basis, now, window);
        String summary = now + " " + workload + ": " + (dryRun ? "would kill " : "kill ")
                + (victims.isEmpty() ? "nothing" : String.join(", ", victims)) + " (" + on.describe() + " of "
                + live.size() + (dryRun ? ", dry run)" : ")");
        // the decision is stored before anything happens: a conflict here means someone else wrote first
        context.client().updateStatus(m.withStatus(m.statusOrNew().decided(decided, summary).withPlan(next)));
        finish(decided, false);
        return until(next.at(), now);
    }

    /** Carries out a written decision and records its outcome. */
    private ChaosMonkey finish(MonkeyAction a, boolean paused) {
        String[] parts = a.workload().split("/", 3);
        Optional<Deployment> d = deployments.get(parts[1], parts[2]);
        MonkeyAction done;
        if (paused && context.client().get(PodChaos.class, parts[1], a.fault()).isPresent()) {
            done = a.done(MonkeyAction.KILLED, "killed pod " + String.join(", ", a.pods()) + " (" + a.mode()
                    + ") just before the monkey was stopped: podchaos/" + a.fault());
        } else if (paused) {
            done = a.done(MonkeyAction.SKIPPED, "the monkey was stopped before it acted");
        } else if (d.isEmpty()) {
            done = a.done(MonkeyAction.SKIPPED, "the workload is gone");
        } else if (a.pods().isEmpty()) {
            done = a.done(MonkeyAction.SKIPPED, "kill mode " + a.mode() + " picks no pod this time");
            context.events().normal(d.get(), Boolean.TRUE.equals(a.dryRun()) ? "MonkeyDryRun" : "MonkeySkipped",
                    "chaos monkey: " + done.message());
        } else if (Boolean.TRUE.equals(a.dryRun())) {
            done = a.done(MonkeyAction.DRY_RUN, dryRunMessage(d.get(), a));
            context.events().normal(d.get(), "MonkeyDryRun", "chaos monkey (dry run): " + done.message());
        } else {
            done = a.done(MonkeyAction.KILLED, kill(d.get(), a));
            context.events().normal(d.get(), "MonkeyKill", "chaos monkey: " + done.message());
        }
        return context.client().modifyStatus(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME,
                x -> x.withStatus(x.statusOrNew().finished(done)));
    }

    private String kill(Deployment d, MonkeyAction a) {
        try {
            context.client().create(fault(d, a));
        } catch (ApiException.AlreadyExists e) {
            // created by the engine that decided it before it went away: the decision is carried out once
        }
        return "killing pod " + String.join(", ", a.pods()) + " (" + a.mode() + "): podchaos/" + a.fault();
    }

    private String dryRunMessage(Deployment d, MonkeyAction a) {
        String message = "would kill pod " + String.join(", ", a.pods()) + " (" + a.mode() + "); nothing changed";
        ChaosPlanner.World world = new ChaosPlanner.World(pods.list(), namespaces.list(), nodes.list(), replicaSets.list());
        ChaosPlanner.Plan plan = ChaosPlanner.plan(fault(d, a), world, random);
        return plan.refused() ? message + "; the pod-kill would be refused: " + plan.refusal().get() : message;
    }

    /** The PodChaos that carries out a decision: exactly the decided pods. */
    private static PodChaos fault(Deployment d, MonkeyAction a) {
        boolean force = "true".equalsIgnoreCase(d.metadata().labelsOrEmpty().getOrDefault(MonkeyLabels.FORCE, ""));
        ObjectMeta meta = ObjectMeta.named(d.namespace(), a.fault()).withLabels(Map.of(MonkeyLabels.CREATED_BY, "true"));
        return PodChaos.of(meta, new PodChaosSpec(PodChaosAction.POD_KILL,
                new ChaosSelector(null, null, null, Map.of(d.namespace(), a.pods()), null, null),
                ChaosMode.ALL, null, null, null, null, force ? true : null));
    }

    /** Enrolled by its labels, in a namespace the monkey visits; label errors become Warning events. */
    private Optional<MonkeyLabels.On> enrolled(MonkeySpec spec, Deployment d) {
        if (spec.pausedOrDefault() || d.metadata().deletionTimestamp() != null) return Optional.empty();
        if (!spec.namespacesOrAll().admits(d.namespace())) return Optional.empty();
        if (Targets.protectedNamespaces(namespaces.list()).contains(d.namespace())) return Optional.empty();
        return switch (MonkeyLabels.of(d.metadata().labelsOrEmpty())) {
            case MonkeyLabels.On on -> Optional.of(on);
            case MonkeyLabels.Off off -> Optional.empty();
            case MonkeyLabels.Invalid bad -> {
                context.events().warning(d, "MonkeyLabelsInvalid", "chaos monkey ignores this workload: "
                        + bad.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
                yield Optional.empty();
            }
        };
    }

    private List<Pod> livePods(String workload) {
        Map<String, ReplicaSet> byKey = replicaSets.list().stream()
                .collect(Collectors.toMap(rs -> rs.namespace() + "/" + rs.name(), rs -> rs, (a, b) -> a));
        String ns = workload.split("/", 3)[1];
        return pods.list(ns).stream()
                .filter(p -> p.metadata().deletionTimestamp() == null && p.status() != null
                        && p.status().phase() == dev.skiff.api.PodPhase.RUNNING)
                .filter(p -> Workloads.of(p, (n, name) -> Optional.ofNullable(byKey.get(n + "/" + name)))
                        .filter(workload::equals).isPresent())
                .sorted(java.util.Comparator.comparing(Pod::name))
                .toList();
    }

    private MonkeyPlan plan(String workload, MonkeyLabels.On on, String basis, Instant now, Window window) {
        String id = Long.toString(random.nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return new MonkeyPlan(workload, id, MonkeyPlanner.next(now, on.mtbf(), window, random), on.describe(),
                GoDuration.format(on.mtbf()), basis);
    }

    /** Names are fixed by the plan, so one plan can only ever create one fault. */
    static String faultName(String deployment, MonkeyPlan plan) {
        String base = deployment.length() > 40 ? deployment.substring(0, 40) : deployment;
        return "monkey-" + base.replaceAll("[.-]+$", "") + "-" + plan.id();
    }

    private static Result until(Instant at, Instant now) {
        Duration d = Duration.between(now, at);
        return Result.requeueAfter(d.isNegative() ? Duration.ZERO : d);
    }
}
