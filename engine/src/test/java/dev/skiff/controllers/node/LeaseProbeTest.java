package dev.skiff.controllers.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.controllers.node.LeaseProbe.State;
import dev.skiff.store.LeaseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a heartbeat lease's TTL says about its node, in etcd's truncated whole seconds. */
class LeaseProbeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final LeaseProbe probe = new LeaseProbe(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(5));

    private LeaseProbe.Verdict at(Duration after, long remaining) {
        Instant seen = T0.plus(after);
        return probe.judge(Optional.of(new LeaseStatus(Duration.ofSeconds(10), Duration.ofSeconds(remaining))),
                seen.minusMillis(2), seen);
    }

    @Test
    void aLeaseRenewedWithinTheGraceIsRenewingAndLookedAtAgainWhenTheGraceMayRunOut() {
        // 9 s left of 10: renewed less than a second ago
        LeaseProbe.Verdict v = at(Duration.ofSeconds(20), 9);
        assertThat(v.state()).isEqualTo(State.RENEWING);
        assertThat(v.renewed()).isEqualTo(T0.plusSeconds(20));
        assertThat(v.next()).as("renewed a second earlier at most, so the grace may end 4 s from now")
                .isEqualTo(T0.plusSeconds(24));
    }

    @Test
    void silentOnlyOnceTheTruncatedTtlProvesTheGraceHasPassed() {
        // 5 left: its last renewal lies 4 to 5 s back — maybe not past the grace yet: look again soon
        LeaseProbe.Verdict maybe = at(Duration.ofSeconds(20), 5);
        assertThat(maybe.state()).isEqualTo(State.RENEWING);
        assertThat(maybe.next()).isEqualTo(T0.plusSeconds(20).plus(LeaseProbe.FINE));
        // 4 left: less than 5 s, so renewed more than 5 s ago
        LeaseProbe.Verdict silent = at(Duration.ofSeconds(20), 4);
        assertThat(silent.state()).isEqualTo(State.SILENT);
        assertThat(silent.quietFor()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aNewTermAndAStalledStoreGiveEveryNodeTheGraceAfresh() {
        probe.restart(T0);
        assertThat(at(Duration.ofSeconds(1), 1).state()).as("no history yet: not silent").isEqualTo(State.UNKNOWN);
        assertThat(at(Duration.ofSeconds(5), 1).state()).isEqualTo(State.SILENT);

        Instant seen = T0.plusSeconds(30);
        LeaseStatus old = new LeaseStatus(Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(probe.judge(Optional.of(old), seen.minusSeconds(3), seen).state())
                .as("the probe itself waited 3 s: the agents' renewals may have too").isEqualTo(State.UNKNOWN);
        assertThat(probe.judge(Optional.of(old), seen.plusSeconds(5), seen.plusSeconds(5)).state())
                .isEqualTo(State.SILENT);
    }

    @Test
    void aLeaseShorterThanTheGraceIsLeftToItsExpiry() {
        LeaseProbe.Verdict v = probe.judge(Optional.of(new LeaseStatus(Duration.ofSeconds(2), Duration.ZERO)),
                T0, T0);
        assertThat(v.state()).isEqualTo(State.UNKNOWN);
        assertThat(probe.judge(Optional.empty(), T0, T0).state()).isEqualTo(State.UNKNOWN);
    }
}
