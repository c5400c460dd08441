package dev.skiff.cli;

import dev.skiff.api.Deployment;
import dev.skiff.api.FieldError;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.GoDuration;
import dev.skiff.chaos.monkey.ChaosMonkey;
import dev.skiff.chaos.monkey.MonkeyAction;
import dev.skiff.chaos.monkey.MonkeyLabels;
import dev.skiff.chaos.monkey.MonkeyNamespaces;
import dev.skiff.chaos.monkey.MonkeySchedule;
import dev.skiff.chaos.monkey.MonkeySpec;
import dev.skiff.chaos.monkey.MonkeyStatus;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.store.Store;
import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code skiff chaos monkey start|stop|status}: the kube-monkey-style monkey the engine runs. The
 * commands only write and read the cluster's {@code ChaosMonkey} object; the engine's leader acts.
 */
@Command(name = "monkey", description = "A kube-monkey on a schedule: kills pods of opted-in workloads (dry run by default).",
        subcommands = {MonkeyCommands.Start.class, MonkeyCommands.Stop.class, MonkeyCommands.Status.class,
                CommandLine.HelpCommand.class})
final class MonkeyCommands implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Pauses the monkey if there is one (chaos monkey stop, chaos halt); true when it was running. */
    static boolean pause(Client client) {
        ChaosKinds.register();
        try {
            ChaosMonkey before = client.require(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME);
            if (before.specOrDefault().pausedOrDefault()) return false;
            client.modify(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME,
                    m -> m.withSpec(m.specOrDefault().withPaused(true)));
            return true;
        } catch (ApiException.NotFound none) {
            return false;
        }
    }

    @Command(name = "start", description = "Start (or reconfigure) the monkey. Workloads opt in with labels: "
            + MonkeyLabels.ENABLED + "=true, " + MonkeyLabels.MTBF + "=1h, " + MonkeyLabels.KILL_MODE + ", "
            + MonkeyLabels.KILL_VALUE + ".")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = "--dry-run", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                description = "Only record what it would kill (default ${DEFAULT-VALUE}); --dry-run=false kills.")
        boolean dryRun;
        @Option(names = "--window", defaultValue = "10:00-16:00", description = "Daily window HH:MM-HH:MM (default ${DEFAULT-VALUE}).")
        String window;
        @Option(names = "--days", defaultValue = "Mon-Fri", description = "Days: Mon-Fri, Mon,Wed,Fri, Mon-Sun (default ${DEFAULT-VALUE}).")
        String days;
        @Option(names = "--timezone", description = "IANA zone of the window, e.g. Europe/Paris (default: this machine's).")
        String timeZone;
        @Option(names = {"-n", "--namespace"}, split = ",", description = "Only these namespaces (repeatable; default all).")
        List<String> namespaces;
        @Option(names = "--exclude", split = ",", description = "Never these namespaces (protected ones never anyway).")
        List<String> exclude;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String zone = timeZone == null ? ZoneId.systemDefault().getId() : timeZone;
            MonkeySpec wanted = new MonkeySpec(dryRun, new MonkeySchedule(window, days(days), zone),
                    new MonkeyNamespaces(namespaces, exclude), false);
            List<FieldError> problems = ChaosMonkey.of(wanted).problems();
            if (!problems.isEmpty()) throw new UserError(problems.stream().map(Start::asFlag).collect(Collectors.joining("\n")));
            ChaosKinds.register();
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                try {
                    client.create(ChaosMonkey.of(wanted));
                } catch (ApiException.AlreadyExists e) {
                    client.modify(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME, m -> m.withSpec(wanted));
                }
                long enrolled = enrolled(client).size();
                out.println("chaos monkey started" + (dryRun ? " in dry run: it records what it would kill and kills nothing"
                        + " (--dry-run=false to kill)" : ": it KILLS pods"));
                out.println("  schedule: " + wanted.schedule() + "; namespaces: " + namespaces(wanted.namespacesOrAll()));
                out.println("  " + enrolled + " workload(s) opted in" + (enrolled == 0 ? ": label one with "
                        + MonkeyLabels.ENABLED + "=true and " + MonkeyLabels.MTBF + "=1h" : ""));
            }
            return 0;
        }

        private static String asFlag(FieldError e) {
            String flag = e.path().replace("spec.schedule.window", "--window").replace("spec.schedule.timeZone", "--timezone")
                    .replaceAll("spec\\.schedule\\.days(\\[\\d+])?", "--days").replaceAll("spec\\.namespaces\\.include(\\[\\d+])?", "--namespace")
                    .replaceAll("spec\\.namespaces\\.exclude(\\[\\d+])?", "--exclude");
            return flag + ": " + e.message();
        }
    }

    /** "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun,Wed" → short day names; a wrong day says which and what is allowed. */
    static List<String> days(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] range = part.trim().split("-", 2);
            DayOfWeek from = day(range[0]);
            DayOfWeek to = range.length == 2 ? day(range[1]) : from;
            for (int i = from.ordinal(); ; i = (i + 1) % 7) {
                String d = MonkeySchedule.shortName(DayOfWeek.values()[i]);
                if (!out.contains(d)) out.add(d);
                if (i == to.ordinal()) break;
            }
        }
        return out;
    }

    private static DayOfWeek day(String text) {
        DayOfWeek d = MonkeySchedule.day(text);
        if (d == null) throw new UserError("--days: \"" + text.trim() + "\" is not a day: use Mon … Sun, e.g. Mon-Fri or Mon,Wed,Fri");
        return d;
    }

    @Command(name = "stop", description = "Stop the monkey (it keeps its configuration; start resumes it).")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;

        @Override
        public Integer call() {
            try (Store store = cluster.connect()) {
                boolean was = pause(ClusterOptions.client(store));
                spec.commandLine().getOut().println(was ? "chaos monkey stopped" : "chaos monkey was not running");
            }
            return 0;
        }
    }

    @Command(name = "status", description = "The schedule, opted-in workloads with mtbf and mode, next planned kills, recent actions.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Mixin ClusterOptions cluster;
        @Option(names = "--actions", defaultValue = "10", description = "How many recent actions to show (default ${DEFAULT-VALUE}).")
        int shown;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ChaosKinds.register();
            try (Store store = cluster.connect()) {
                Client client = ClusterOptions.client(store);
                Optional<ChaosMonkey> monkey = client.get(ChaosMonkey.class, ChaosMonkey.NAMESPACE, ChaosMonkey.NAME);
                if (monkey.isEmpty()) {
                    out.println("monkey: not configured (chaos monkey start)");
                    return 0;
                }
                print(out, monkey.get(), enrolled(client), Instant.now(), shown);
            }
            return 0;
        }
    }

    static void print(PrintWriter out, ChaosMonkey m, List<Deployment> enrolled, Instant now, int shown) {
        MonkeySpec s = m.specOrDefault();
        MonkeyStatus st = m.statusOrNew();
        boolean open = s.scheduleOrDefault().parsed().isOpen(now);
        out.println("monkey:     " + (s.pausedOrDefault() ? "stopped" : Boolean.TRUE.equals(st.running()) ? "running" : "starting")
                + (s.dryRunOrDefault() ? " (dry run)" : " (LIVE: kills pods)"));
        out.println("schedule:   " + s.scheduleOrDefault() + " (" + (open ? "open now" : "closed now") + ")");
        out.println("namespaces: " + namespaces(s.namespacesOrAll()));
        if (st.lastDecision() != null) out.println("last:       " + st.lastDecision());
        out.println();
        if (enrolled.isEmpty()) {
            out.println("no workloads opted in: label one with " + MonkeyLabels.ENABLED + "=true and " + MonkeyLabels.MTBF + "=1h");
        } else {
            out.printf("%-40s %-8s %-22s %s%n", "WORKLOAD", "MTBF", "MODE", "NEXT KILL");
            for (Deployment d : enrolled) out.println(row(d, st, s, now));
        }
        List<MonkeyAction> recent = st.actions().subList(Math.max(0, st.actions().size() - shown), st.actions().size());
        if (recent.isEmpty()) return;
        out.println();
        out.printf("%-20s %-40s %-8s %s%n", "TIME", "WORKLOAD", "RESULT", "WHAT");
        for (MonkeyAction a : recent.reversed()) {
            out.printf("%-20s %-40s %-8s %s%n", a.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), a.workload(),
                    a.result(), a.message() == null ? String.join(", ", a.pods()) : a.message());
        }
    }

    private static String row(Deployment d, MonkeyStatus st, MonkeySpec s, Instant now) {
        String workload = "deployment/" + d.namespace() + "/" + d.name();
        return switch (MonkeyLabels.of(d.metadata().labelsOrEmpty())) {
            case MonkeyLabels.On on -> {
                String next = st.plan(workload).map(p -> p.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " (in " + GoDuration.format(positive(Duration.between(now, p.at())).withNanos(0)) + ")")
                        .orElse(s.pausedOrDefault() ? "-" : s.namespacesOrAll().admits(d.namespace()) ? "planning…" : "namespace not visited");
                yield String.format("%-40s %-8s %-22s %s", workload, GoDuration.format(on.mtbf()), on.describe()
                        + (on.force() ? " (force)" : ""), next);
            }
            case MonkeyLabels.Invalid bad -> String.format("%-40s %-8s %-22s %s", workload, "-", "-", "ignored: "
                    + bad.problems().getFirst());
            case MonkeyLabels.Off off -> workload;
        };
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Deployments labelled enabled=true (valid or not), by namespace and name. */
    static List<Deployment> enrolled(Client client) {
        return client.list(Deployment.class, null).items().stream()
                .filter(d -> !(MonkeyLabels.of(d.metadata().labelsOrEmpty()) instanceof MonkeyLabels.Off))
                .sorted(Comparator.comparing(Deployment::namespace).thenComparing(Deployment::name))
                .toList();
    }

    private static String namespaces(MonkeyNamespaces n) {
        String in = n.include().isEmpty() ? "all" : String.join(",", n.include());
        return n.exclude().isEmpty() ? in : in + " except " + String.join(",", n.exclude());
    }
}
