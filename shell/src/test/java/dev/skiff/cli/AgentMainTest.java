package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** AgentMain binds an agent's command line to the same fields picocli does, and leaves picocli everything else. */
class AgentMainTest {

    @Test
    void bindsWhatPicocliBindsForPlainOptions() {
        for (var args : List.of(
                List.<String>of(),
                List.of("--server", "10.0.0.1:2379", "--name", "pi-1", "--address", "127.0.0.1", "--api-port", "0",
                        "--runtime", "process", "--data-dir", "/tmp/a", "--stop-pods-on-exit"),
                List.of("-s", "h:1,h:2", "--runtime=docker", "--docker-host", "unix:///run/d.sock", "--no-proxy",
                        "--dns-port=0", "--labels", "zone=shelf", "--capacity", "cpu=4", "--reserve", "memory=256Mi",
                        "--backoff-base", "500ms", "--heartbeat-ttl", "5s", "--cluster-domain", "c.local",
                        "--node-port-address", "0.0.0.0", "--request-timeout", "30s"))) {
            var bound = AgentMain.bind(args);
            assertThat(bound).as("%s", args).isPresent();
            assertThat(options(bound.get())).as("%s", args).isEqualTo(options(picocli(args)));
        }
    }

    @Test
    void leavesHelpVersionUnknownRepeatedAndUnconvertibleArgumentsToPicocli() {
        for (var args : List.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("--nmae", "x"),
                List.of("extra"), List.of("--name", "a", "--name", "b"), List.of("--api-port", "ten"),
                List.of("--name"), List.of("--name", "--runtime", "docker"), List.of("--no-proxy=false"),
                List.of("-sh:1"), List.of("--", "--name"))) {
            assertThat(AgentMain.bind(args)).as("%s", args).isEmpty();
        }
    }

    private static AgentCommand picocli(List<String> args) {
        var command = new AgentCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    /** Every @Option field of the command and its ClusterOptions mixin, by name. */
    private static Map<String, Object> options(AgentCommand command) {
        var out = new LinkedHashMap<String, Object>();
        for (Object target : List.of(command, command.cluster)) {
            for (Field f : target.getClass().getDeclaredFields()) {
                if (f.getAnnotation(CommandLine.Option.class) == null) continue;
                try {
                    f.setAccessible(true);
                    out.put(f.getName(), f.get(target));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
