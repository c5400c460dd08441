package dev.skiff.cli;

import dev.skiff.api.Deployment;
import dev.skiff.client.Client;
import dev.skiff.controllers.deployment.RolloutException;
import dev.skiff.controllers.deployment.Rollouts;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rollout status|history|undo|pause|resume|restart deploy/NAME}: the Deployment controller's rollouts. */
@Command(name = "rollout", description = "Manage the rollout of deployments.",
        subcommands = {
                RolloutStatusCommand.class,
                RolloutCommand.History.class,
                RolloutCommand.Undo.class,
                RolloutCommand.Pause.class,
                RolloutCommand.Resume.class,
                RolloutCommand.Restart.class})
public final class RolloutCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name what to do: rollout status|history|undo|pause|resume|restart deploy/NAME");
    }

    /** What every rollout subcommand takes: the deployments, a namespace, the cluster. */
    abstract static class Target implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Parameters(paramLabel = "deploy/NAME | deploy NAME", arity = "1..*") List<String> objects = new ArrayList<>();
        @Option(names = {"-n", "--namespace"}) String namespace;

        String ns() {
            return namespace == null ? Namespaces.current() : namespace;
        }

        /** The named deployments; other kinds are refused (skiff rolls out deployments only). */
        List<String> deployments() {
            List<String> out = new ArrayList<>();
            for (ObjectArgs o : ObjectArgs.parse(spec.commandLine(), objects)) {
                if (o.kind().type() != Deployment.class) {
                    throw new UserError(o.kind().plural() + " have no rollouts: name a deployment, e.g. deploy/" + o.name());
                }
                out.add(o.name());
            }
            return out;
        }

        @Override
        public Integer call() {
            List<String> names = deployments();
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                for (String name : names) act(client, name, spec.commandLine().getOut());
            } catch (RolloutException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }

        abstract void act(Client client, String name, PrintWriter out);
    }

    @Command(name = "history", description = "Show a deployment's revisions.")
    static final class History extends Target {
        @Option(names = "--revision", description = "Show the pod template of this revision.") long revision;

        @Override
        void act(Client client, String name, PrintWriter out) {
            List<Rollouts.Revision> history = Rollouts.history(client, ns(), name);
            if (revision > 0) {
                Rollouts.Revision r = history.stream().filter(h -> h.number() == revision).findFirst()
                        .orElseThrow(() -> new UserError("deployment " + name + " has no revision " + revision
                                + "; see skiff rollout history deploy/" + name));
                out.println("deployment.apps/" + name + " with revision #" + r.number());
                out.print(dev.skiff.output.KubeJson.yaml(dev.skiff.api.Json.toTree(r.template())));
                return;
            }
            out.println("deployment.apps/" + name);
            out.println("REVISION  CHANGE-CAUSE");
            for (Rollouts.Revision r : history) {
                String cause = r.template().metadata() == null ? null
                        : r.template().metadata().annotationsOrEmpty().get("kubernetes.io/change-cause");
                out.printf("%-9s %s%n", r.number(), cause == null ? "<none>" : cause);
            }
            out.println();
        }
    }

    @Command(name = "undo", description = "Roll a deployment back to its previous (or a given) revision.")
    static final class Undo extends Target {
        @Option(names = "--to-revision", description = "The revision to go back to (default: the previous one).") long toRevision;

        @Override
        void act(Client client, String name, PrintWriter out) {
            Rollouts.undo(client, ns(), name, toRevision);
            out.println("deployment.apps/" + name + " rolled back");
        }
    }

    @Command(name = "pause", description = "Pause a deployment: template changes wait until it is resumed.")
    static final class Pause extends Target {
        @Override
        void act(Client client, String name, PrintWriter out) {
            boolean was = client.require(Deployment.class, ns(), name).spec().pausedOrFalse();
            if (!was) Rollouts.pause(client, ns(), name);
            out.println("deployment.apps/" + name + (was ? " is already paused" : " paused"));
        }
    }

    @Command(name = "resume", description = "Resume a paused deployment.")
    static final class Resume extends Target {
        @Override
        void act(Client client, String name, PrintWriter out) {
            boolean was = client.require(Deployment.class, ns(), name).spec().pausedOrFalse();
            if (was) Rollouts.resume(client, ns(), name);
            out.println("deployment.apps/" + name + (was ? " resumed" : " is not paused"));
        }
    }

    @Command(name = "restart", description = "Restart every pod of a deployment, by a rolling update.")
    static final class Restart extends Target {
        @Override
        void act(Client client, String name, PrintWriter out) {
            Rollouts.restart(client, ns(), name);
            out.println("deployment.apps/" + name + " restarted");
        }
    }
}
