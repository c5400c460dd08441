package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasesTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    ManualClock clock = new ManualClock();
    Leases leases = new Leases(clock);

    @Test
    void expiresAfterItsTtlUnlessKeptAlive() {
        leases.add(7, 10);
        clock.advance(Duration.ofSeconds(9));
        assertThat(leases.expired()).isEmpty();
        assertThat(leases.keepAlive(7)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(9));
        assertThat(leases.expired()).isEmpty();
        assertThat(leases.status(7).remainingTtl()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(leases.expired()).containsExactly(7L);
        assertThat(leases.keepAlive(7)).as("too late to renew").isZero();
    }

    @Test
    void restoredLeasesGetAFullTtlFromNow() {
        leases.restore(Map.of(1L, 30L));
        clock.advance(Duration.ofSeconds(29));
        assertThat(leases.expired()).isEmpty();
        assertThat(leases.status(1).grantedTtl()).isEqualTo(30);
    }

    @Test
    void ttlHasEtcdsFloorAndCeiling() {
        assertThat(Leases.effectiveTtl(1)).isEqualTo(Leases.MIN_TTL_SECONDS);
        assertThatThrownBy(() -> Leases.effectiveTtl(Leases.MAX_TTL_SECONDS + 1))
                .hasMessage("etcdserver: too large lease TTL");
        assertThat(leases.status(99).remainingTtl()).isEqualTo(-1);
    }
}
