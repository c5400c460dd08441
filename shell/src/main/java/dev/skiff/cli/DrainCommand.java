package dev.skiff.cli;

import dev.skiff.api.Node;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.DeleteOptions;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drain NODE}: cordon, then evict (delete) the node's pods so their controllers recreate
 * them elsewhere, and wait until they are gone. Pods nothing would recreate are refused unless
 * {@code --force}, as kubectl does, because deleting them loses them.
 */
@Command(name = "drain", description = "Cordon a node and evict its pods, to take it out for maintenance.")
public final class DrainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ClusterOptions cluster;
    @Parameters(paramLabel = "NODE") String node;

    @Option(names = "--ignore-daemonsets", description = "Leave DaemonSet-managed pods (they would come back at once).")
    boolean ignoreDaemonSets;

    @Option(names = "--force", description = "Also delete pods no controller manages (they are lost).")
    boolean force;

    @Option(names = "--grace-period", paramLabel = "SECONDS",
            description = "Seconds each pod gets to stop (default: the pod's own).")
    Long gracePeriod;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0",
            description = "How long to wait for the pods to go, e.g. 2m (default: 0, for ever).")
    String timeout;

    @Override
    public Integer call() {
        Duration limit = GoDuration.parse("--timeout", timeout);
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = cluster.connect()) {
            Client client = ClusterOptions.client(store);
            cordon(client, out);
            List<Pod> evict = plan(client, out);
            for (Pod p : evict) out.println("evicting pod " + p.namespace() + "/" + p.name());
            out.flush();
            for (Pod p : evict) {
                try {
                    client.delete(Pod.class, p.namespace(), p.name(), DeleteOptions.DEFAULT.withGracePeriod(gracePeriod));
                } catch (ApiException.NotFound gone) {
                    // already gone: what drain wanted
                }
            }
            awaitGone(client, evict, limit, out);
            out.println("node/" + node + " drained");
        }
        return 0;
    }

    private void cordon(Client client, PrintWriter out) {
        Node n = client.require(Node.class, null, node);
        if (n.spec() != null && Boolean.TRUE.equals(n.spec().unschedulable())) {
            out.println("node/" + node + " already cordoned");
            return;
        }
        client.modify(Node.class, null, node, x -> x.withSpec(CordonCommands.Base.withUnschedulable(x.spec(), true)));
        out.println("node/" + node + " cordoned");
    }

    /** The pods to evict; refuses (before evicting anything) when some may not be. */
    private List<Pod> plan(Client client, PrintWriter out) {
        List<Pod> evict = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        List<String> daemons = new ArrayList<>();
        for (Pod p : client.list(Pod.class, null).items()) {
            if (p.spec() == null || !node.equals(p.spec().nodeName()) || p.metadata().deletionTimestamp() != null) continue;
            Optional<OwnerReference> owner = Pods.controllerOf(p);
            String id = p.namespace() + "/" + p.name();
            if (owner.isPresent() && owner.get().kind().equals("DaemonSet")) {
                daemons.add(id);
                continue;
            }
            if (owner.isEmpty() && !finished(p)) bare.add(id);
            evict.add(p);
        }
        List<String> errors = new ArrayList<>();
        if (!bare.isEmpty() && !force) {
            errors.add("cannot delete Pods that declare no controller (use --force to override): " + String.join(", ", bare));
        }
        if (!daemons.isEmpty() && !ignoreDaemonSets) {
            errors.add("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): " + String.join(", ", daemons));
        }
        if (!errors.isEmpty()) {
            throw new UserError("unable to drain node \"" + node + "\" (it stays cordoned; uncordon " + node
                    + " to undo), due to error(s):\n  " + String.join("\n  ", errors));
        }
        if (!bare.isEmpty()) out.println("Warning: deleting Pods that declare no controller: " + String.join(", ", bare));
        if (!daemons.isEmpty()) out.println("Warning: ignoring DaemonSet-managed Pods: " + String.join(", ", daemons));
        return evict;
    }

    private static boolean finished(Pod p) {
        return p.status() != null && p.status().phase() != null
                && (p.status().phase().name().equals("SUCCEEDED") || p.status().phase().name().equals("FAILED"));
    }

    /** A pod is gone when its name is free or taken by a new pod (another uid). */
    private void awaitGone(Client client, List<Pod> pods, Duration limit, PrintWriter out) {
        long until = limit.isZero() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        List<Pod> left = new ArrayList<>(pods);
        while (!left.isEmpty()) {
            left.removeIf(p -> {
                boolean gone = client.get(Pod.class, p.namespace(), p.name())
                        .map(now -> !now.metadata().uid().equals(p.metadata().uid())).orElse(true);
                if (gone) {
                    out.println("pod/" + p.name() + " evicted");
                    out.flush();
                }
                return gone;
            });
            if (left.isEmpty()) return;
            if (System.nanoTime() > until) {
                throw new UserError("drain did not complete within " + timeout + ": " + left.size()
                        + " pod(s) still stopping, e.g. " + left.getFirst().namespace() + "/" + left.getFirst().name()
                        + "; the node's agent stops them: is it up? (get nodes)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("stopped waiting; node/" + node + " stays cordoned and its pods are being evicted");
            }
        }
    }
}
