package dev.skiff.chaos.monkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.FieldError;
import dev.skiff.controller.ManualTime;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MonkeyPlannerTest {

    private static final Window ALWAYS = new MonkeySchedule("00:00-24:00",
            List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "UTC").parsed();

    @Test
    void theMeanGapIsMtbfWhenTheWindowIsAlwaysOpen() {
        ManualTime time = new ManualTime(Instant.parse("2025-03-03T08:00:00Z"));
        SplittableRandom random = new SplittableRandom(42);
        Duration mtbf = Duration.ofMinutes(30);
        int n = 20_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Duration.between(time.instant(), MonkeyPlanner.next(time.instant(), mtbf, ALWAYS, random)).toMillis();
        }
        // exponential: sd = mean, so the standard error over 20 000 draws is 0.7 %; 5 % is generous
        assertThat(sum / n).isCloseTo(mtbf.toMillis(), org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void theMeanCountsOnlyOpenTimeAndEveryKillFallsInsideTheWindowInItsZone() {
        MonkeySchedule schedule = new MonkeySchedule("09:00-17:00", List.of("Mon", "Tue", "Wed", "Thu", "Fri"), "Europe/Paris");
        Window w = schedule.parsed();
        SplittableRandom random = new SplittableRandom(7);
        Instant from = Instant.parse("2025-03-28T15:00:00Z"); // Friday 16:00 in Paris; the clocks change that Sunday
        Duration mtbf = Duration.ofHours(2);
        List<Instant> kills = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) kills.add(MonkeyPlanner.next(from, mtbf, w, random));
        for (Instant k : kills) {
            ZonedDateTime local = k.atZone(w.zone());
            assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(local.getHour()).isBetween(9, 16);
            assertThat(w.isOpen(k)).isTrue();
        }
        // Friday has one open hour left; the rest of each gap is counted from Monday 09:00 (CEST now)
        assertThat(kills).anySatisfy(k -> assertThat(k.atZone(w.zone()).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY));
        assertThat(MonkeyPlanner.advance(from, Duration.ofMinutes(90), w)).isEqualTo(Instant.parse("2025-03-31T07:30:00Z"));
        double meanOpen = kills.stream().mapToLong(k -> openMillisBetween(from, k, w)).average().orElseThrow();
        assertThat(meanOpen).isCloseTo(mtbf.toMillis(), org.assertj.core.data.Percentage.withPercentage(6));
    }

    @Test
    void aWindowReachingMidnightAndOnlyChosenDays() {
        Window w = new MonkeySchedule("22:30-24:00", List.of("sunday"), "America/New_York").parsed();
        Instant k = MonkeyPlanner.advance(Instant.parse("2025-06-02T12:00:00Z"), Duration.ofMinutes(10), w); // a Monday
        assertThat(k.atZone(w.zone()).toLocalDateTime().toString()).isEqualTo("2025-06-08T22:40");
        assertThat(w.isOpen(Instant.parse("2025-06-09T03:59:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2025-06-09T04:00:00Z"))).isFalse();
    }

    @Test
    void killModeArithmeticIsKubeMonkeys() {
        List<Integer> ten = IntStream.range(0, 10).boxed().toList();
        SplittableRandom r = new SplittableRandom(1);
        assertThat(MonkeyPlanner.victims(ten, KillMode.KILL_ALL, null, r)).hasSize(10);
        assertThat(MonkeyPlanner.victims(ten, KillMode.FIXED, "3", r)).hasSize(3).doesNotHaveDuplicates();
        assertThat(MonkeyPlanner.victims(ten, KillMode.FIXED, "30", r)).hasSize(10);
        assertThat(MonkeyPlanner.victims(ten, KillMode.FIXED_PERCENT, "25", r)).hasSize(2); // floor(2.5)
        assertThat(MonkeyPlanner.victims(List.of(1, 2, 3), KillMode.FIXED_PERCENT, "50", r)).hasSize(1);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) sizes.add(MonkeyPlanner.victims(ten, KillMode.RANDOM_MAX_PERCENT, "50", r).size());
        assertThat(sizes).allMatch(s -> s >= 0 && s <= 5).contains(0, 5);
        // p uniform in 0..50 → floor(p/10) is 0..4 for 10 values of p each, 5 only for p = 50: mean ≈ 2.06
        assertThat(sizes.stream().mapToInt(Integer::intValue).average().orElseThrow()).isBetween(1.8, 2.3);
    }

    @Test
    void labelsParseWithDefaultsAndErrorsNameTheLabel() {
        assertThat(MonkeyLabels.of(Map.of())).isInstanceOf(MonkeyLabels.Off.class);
        assertThat(MonkeyLabels.of(Map.of(MonkeyLabels.ENABLED, "true", MonkeyLabels.MTBF, "1h")))
                .isEqualTo(new MonkeyLabels.On(Duration.ofHours(1), KillMode.FIXED, "1", false));
        MonkeyLabels.Enrollment bad = MonkeyLabels.of(Map.of(MonkeyLabels.ENABLED, "true", MonkeyLabels.MTBF, "2 days",
                MonkeyLabels.KILL_MODE, "fixed-percent", MonkeyLabels.KILL_VALUE, "150"));
        assertThat(bad).isInstanceOfSatisfying(MonkeyLabels.Invalid.class, i -> assertThat(i.problems())
                .extracting(FieldError::path)
                .containsExactly("metadata.labels[chaos.skiff.dev/mtbf]", "metadata.labels[chaos.skiff.dev/kill-value]"));
        assertThat(MonkeyLabels.of(Map.of(MonkeyLabels.ENABLED, "true", MonkeyLabels.MTBF, "1h", MonkeyLabels.KILL_MODE, "some")))
                .isInstanceOfSatisfying(MonkeyLabels.Invalid.class, i -> assertThat(i.problems().getFirst().message())
                        .contains("kill-all", "random-max-percent"));
    }

    @Test
    void theMonkeyValidatesWithFieldPaths() {
        ChaosMonkey m = new ChaosMonkey(null, null, dev.skiff.api.ObjectMeta.named("default", "chimp"),
                new MonkeySpec(null, new MonkeySchedule("17:00-09:00", List.of("Mon", "Funday"), "Mars/Olympus"),
                        new MonkeyNamespaces(List.of("Bad_NS"), null), null), null);
        assertThat(m.problems()).extracting(FieldError::path).containsExactly("metadata.name", "metadata.namespace",
                "spec.schedule.window", "spec.schedule.days[1]", "spec.schedule.timeZone", "spec.namespaces.include[0]");
        assertThat(ChaosMonkey.of(MonkeySpec.DEFAULT).problems()).isEmpty();
        assertThatThrownBy(() -> new MonkeySchedule("9-5", null, null).parsed()).hasMessageContaining("HH:MM-HH:MM");
    }

    /** How much open window time lies between two instants. */
    private static long openMillisBetween(Instant from, Instant to, Window w) {
        long open = 0;
        for (var day = from.atZone(w.zone()).toLocalDate(); !day.isAfter(to.atZone(w.zone()).toLocalDate()); day = day.plusDays(1)) {
            if (!w.days().contains(day.getDayOfWeek())) continue;
            Instant s = w.opens(day).isAfter(from) ? w.opens(day) : from;
            Instant e = w.closes(day).isBefore(to) ? w.closes(day) : to;
            if (s.isBefore(e)) open += Duration.between(s, e).toMillis();
        }
        return open;
    }
}
