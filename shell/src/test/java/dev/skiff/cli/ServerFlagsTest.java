package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.EngineConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code skiff server}'s engine settings. */
class ServerFlagsTest {

    @Test
    void theNodeMonitorGracePeriodDefaultsToTheEnginesAndTakesADuration() {
        assertThat(parse().engineConfig().nodeMonitorGracePeriod()).isEqualTo(EngineConfig.DEFAULT_NODE_MONITOR_GRACE);
        assertThat(parse("--node-monitor-grace-period", "7s").engineConfig().nodeMonitorGracePeriod())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(parse("--name", "pi-1").engineConfig().identity()).isEqualTo("pi-1");
    }

    @Test
    void aBadGracePeriodIsAUserErrorBeforeTheServerStarts() {
        CliRun run = CliRun.of("server", "--node-monitor-grace-period", "soon", "--listen", "127.0.0.1:1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--node-monitor-grace-period \"soon\" is not a duration");
        assertThat(CliRun.of("server", "--node-monitor-grace-period", "0s").err())
                .contains("--node-monitor-grace-period must be more than 0");
    }

    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
