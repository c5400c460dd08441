package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * DirectBinding sets a verb's fields as picocli does for the command lines it binds, and leaves picocli every
 * other one: for each verb Skiff binds directly (the agent, the one-shot get).
 */
class DirectBindingTest {

    @Test
    void bindsTheAgentsPlainOptionsAsPicocliDoes() {
        sameAsPicocli(AgentCommand::new, List.of(
                List.of(),
                List.of("--server", "10.0.0.1:2379", "--name", "pi-1", "--address", "127.0.0.1", "--api-port", "0",
                        "--runtime", "process", "--data-dir", "/tmp/a", "--stop-pods-on-exit"),
                List.of("-s", "h:1,h:2", "--runtime=docker", "--docker-host", "unix:///run/d.sock", "--no-proxy",
                        "--dns-port=0", "--labels", "zone=shelf", "--capacity", "cpu=4", "--reserve", "memory=256Mi",
                        "--backoff-base", "500ms", "--heartbeat-ttl", "5s", "--cluster-domain", "c.local",
                        "--node-port-address", "0.0.0.0", "--request-timeout", "30s")));
    }

    @Test
    void leavesTheAgentsHelpVersionUnknownRepeatedAndUnconvertibleArgumentsToPicocli() {
        leftToPicocli(AgentCommand::new, List.of(List.of("--help"), List.of("-h"), List.of("--version"),
                List.of("--nmae", "x"), List.of("extra"), List.of("--name", "a", "--name", "b"), List.of("--api-port", "ten"),
                List.of("--name"), List.of("--name", "--runtime", "docker"), List.of("--no-proxy=false"),
                List.of("-sh:1"), List.of("--", "--name"), List.of("@args.txt")));
    }

    @Test
    void bindsGetAsPicocliDoes() {
        sameAsPicocli(GetCommand::new, List.of(
                List.of("pods"),
                List.of("pods", "-l", "app=web7", "--server", "127.0.0.1:2379"),
                List.of("pods", "web-1", "web-2", "-n", "kube-system", "-o", "wide"),
                List.of("deploy", "-A", "--no-headers", "--show-labels", "-L", "app,tier", "-L", "zone", "--sort-by",
                        ".metadata.name", "-w"),
                List.of("-n", "ns", "pods", "web"),
                List.of("pods,svc", "--namespace=ns", "--output=json", "--request-timeout", "5s", "--watch-only"),
                List.of("pods", "-o", "jsonpath={.items[*].metadata.name}", "-l", "app in (a,b),tier!=db")));
    }

    @Test
    void leavesGetsHelpUsageErrorsAndUnusualFormsToPicocli() {
        leftToPicocli(GetCommand::new, List.of(List.of(), List.of("-h"), List.of("pods", "--help"), List.of("pods", "-Aw"),
                List.of("pods", "-nkube-system"), List.of("pods", "--", "web"), List.of("pods", "@names.txt"),
                List.of("pods", "-n"), List.of("pods", "-n", "-l", "x"), List.of("pods", "-n", "a", "-n", "b"),
                List.of("pods", "--watch=true"), List.of("pods", "-L", "a,"), List.of("pods", "--bogus"),
                List.of("pods", "-o=json"), List.of("pods", "-")));
    }

    @Test
    void everyDirectlyBoundVerbDeclaresOnlyFieldsItCanBind() {
        // DirectBinding refuses (IllegalStateException) a field it cannot bind as picocli would: a new option of an
        // unsupported shape fails here, not on an operator's command line
        assertThat(DirectBinding.bind(new GetCommand(), List.of("pods"))).isPresent();
        assertThat(DirectBinding.bind(new AgentCommand(), List.of())).isPresent();
    }

    private static <T> void sameAsPicocli(Supplier<T> make, List<List<String>> lines) {
        for (List<String> args : lines) {
            var bound = DirectBinding.bind(make.get(), args);
            assertThat(bound).as("%s", args).isPresent();
            T parsed = make.get();
            new CommandLine(parsed).parseArgs(args.toArray(String[]::new));
            assertThat(fields(bound.get())).as("%s", args).isEqualTo(fields(parsed));
        }
    }

    private static <T> void leftToPicocli(Supplier<T> make, List<List<String>> lines) {
        for (List<String> args : lines) assertThat(DirectBinding.bind(make.get(), args)).as("%s", args).isEmpty();
    }

    /** Every @Option and @Parameters field of the command and its mixins, by name. */
    private static Map<String, Object> fields(Object command) {
        var out = new LinkedHashMap<String, Object>();
        List<Object> targets = new ArrayList<>(List.of(command));
        for (Field f : command.getClass().getDeclaredFields()) {
            if (f.getAnnotation(CommandLine.Mixin.class) != null) targets.add(value(f, command));
        }
        for (Object target : targets) {
            for (Field f : target.getClass().getDeclaredFields()) {
                if (f.getAnnotation(CommandLine.Option.class) != null || f.getAnnotation(CommandLine.Parameters.class) != null) {
                    out.put(target.getClass().getSimpleName() + "." + f.getName(), value(f, target));
                }
            }
        }
        return out;
    }

    private static Object value(Field f, Object target) {
        try {
            f.setAccessible(true);
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
