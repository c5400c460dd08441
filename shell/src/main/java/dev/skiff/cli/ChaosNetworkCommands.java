package dev.skiff.cli;

import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Service;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.Direction;
import dev.skiff.chaos.Fault;
import dev.skiff.chaos.GoDuration;
import dev.skiff.chaos.NetworkChaos;
import dev.skiff.chaos.NetworkChaosAction;
import dev.skiff.chaos.NetworkChaosSpec;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.client.Client;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The NetworkChaos commands ({@code delay}, {@code loss}, {@code partition}): they hit traffic
 * through one Service to its pods — the pods its selector picks now, in the service proxies of
 * every node. Like the other fault commands they hold the fault's lease while they follow it.
 */
final class ChaosNetworkCommands {
    private ChaosNetworkCommands() {
    }

    /** {@code svc/NAME}, namespace, mode and value, and how long. */
    abstract static class ServiceFault extends ChaosCommands.FaultCommand {
        @Parameters(index = "0", paramLabel = "svc/NAME", description = "The service whose traffic to hit, e.g. svc/web.")
        String service;
        @Option(names = {"-n", "--namespace"}) String namespace;
        @Option(names = "--mode", defaultValue = "all", description = "Which of its pods: all (default), one, fixed, fixed-percent,"
                + " random-max-percent.") String mode;
        @Option(names = "--value", description = "For fixed: how many; for the percent modes: the percentage.") String value;
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30s.") String duration;

        abstract NetworkChaosAction action();

        /** The spec's action part: delay, loss, … (the rest is the same for all). */
        abstract NetworkChaosSpec withAction(NetworkChaosSpec base);

        @Override
        Fault fault() {
            throw new IllegalStateException("a service fault needs the cluster to read the service's selector");
        }

        @Override
        Fault fault(Client client) {
            String ns = namespace == null ? Namespaces.current() : namespace;
            String name = serviceName();
            Service svc = client.get(Service.class, ns, name).orElseThrow(() -> new UserError("service " + ns + "/" + name
                    + " does not exist: see skiff get svc -n " + ns));
            if (svc.spec() == null || svc.spec().selector() == null || svc.spec().selector().isEmpty()) {
                throw new UserError("service " + ns + "/" + name + " has no selector, so no pods to hit: network faults"
                        + " need a service that selects its pods");
            }
            GoDuration.parse(duration); // says what is wrong with --for before anything is created
            ChaosSelector pods = ChaosSelector.labels(ns, LabelSelector.of(svc.spec().selector()));
            var base = new NetworkChaosSpec(action(), pods, ChaosCommands.parseMode(mode), value, duration, null,
                    new NetworkChaosSpec.Target(null, null, null, List.of(name)), null, null, null, null, force ? true : null);
            ObjectMeta meta = new ObjectMeta(dryRun ? "preview" : null, action().wire() + "-" + name + "-", ns, null, null,
                    null, null, null, null, null, null, null, null);
            return NetworkChaos.of(meta, withAction(base));
        }

        private String serviceName() {
            int slash = service.indexOf('/');
            String kind = slash < 0 ? "" : service.substring(0, slash);
            if (slash < 0 || !List.of("svc", "service", "services").contains(kind) || slash == service.length() - 1) {
                throw new UserError(spec.name() + " takes svc/NAME (the service whose traffic to hit), not \"" + service + "\"");
            }
            return service.substring(slash + 1);
        }
    }

    static NetworkChaosSpec with(NetworkChaosSpec b, NetworkChaosSpec.Delay delay, NetworkChaosSpec.Loss loss) {
        return new NetworkChaosSpec(b.action(), b.selector(), b.mode(), b.value(), b.duration(), b.direction(), b.target(),
                delay, loss, b.reset(), b.bandwidth(), b.force());
    }

    @Command(name = "delay", description = "Delay each request to a service's pods: chaos delay svc/NAME 200ms"
            + " [--jitter 50ms] --for 30s.")
    static final class Delay extends ServiceFault {
        @Parameters(index = "1", paramLabel = "LATENCY", description = "How late, e.g. 200ms.") String latency;
        @Option(names = "--jitter", paramLabel = "DURATION", description = "Up to this much more or less, e.g. 50ms.") String jitter;

        @Override
        NetworkChaosAction action() {
            return NetworkChaosAction.DELAY;
        }

        @Override
        NetworkChaosSpec withAction(NetworkChaosSpec base) {
            return with(base, new NetworkChaosSpec.Delay(latency, jitter, null), null);
        }
    }

    @Command(name = "loss", description = "Black-hole a share of the connections to a service's pods:"
            + " chaos loss svc/NAME 10% --for 30s.")
    static final class Loss extends ServiceFault {
        @Parameters(index = "1", paramLabel = "PERCENT", description = "The share lost, e.g. 10%.") String percent;

        @Override
        NetworkChaosAction action() {
            return NetworkChaosAction.LOSS;
        }

        @Override
        NetworkChaosSpec withAction(NetworkChaosSpec base) {
            String p = percent.endsWith("%") ? percent.substring(0, percent.length() - 1) : percent;
            return with(base, null, new NetworkChaosSpec.Loss(p, null));
        }
    }

    @Command(name = "partition", description = "Cut a service off from its pods (connections hang) for a while:"
            + " chaos partition svc/NAME [--from-selector app=client [--direction to|from|both]] --for 30s.")
    static final class Partition extends ServiceFault {
        @Option(names = "--from-selector", paramLabel = "SELECTOR", description = "Only connections from the pods with"
                + " these labels (in the service's namespace; process pods), e.g. app=client. Default: every client.")
        String fromSelector;
        @Option(names = "--direction", paramLabel = "DIRECTION", description = "to (from the clients to the pods, the"
                + " default), from (the replies) or both.") String direction;

        @Override
        NetworkChaosAction action() {
            return NetworkChaosAction.PARTITION;
        }

        @Override
        NetworkChaosSpec withAction(NetworkChaosSpec b) {
            NetworkChaosSpec.Target target = b.target();
            if (fromSelector != null) {
                ChaosSelector sources = ChaosSelector.labels(b.selector().namespaces().getFirst(), sourceLabels());
                target = new NetworkChaosSpec.Target(sources, ChaosMode.ALL, null, target.services());
            }
            return new NetworkChaosSpec(b.action(), b.selector(), b.mode(), b.value(), b.duration(), direction(), target,
                    null, null, null, null, b.force());
        }

        private LabelSelector sourceLabels() {
            try {
                return LabelSelector.parse(fromSelector);
            } catch (RuntimeException e) {
                throw new UserError("--from-selector: " + e.getMessage());
            }
        }

        private Direction direction() {
            try {
                return direction == null ? null : Direction.of(direction);
            } catch (IllegalArgumentException e) {
                throw new UserError("--direction: " + e.getMessage());
            }
        }
    }
}
