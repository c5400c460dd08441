package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

class LazyGrammarTest {

    @Test
    void buildsOnceOnTheFirstThreadThatNeedsIt() {
        AtomicInteger builds = new AtomicInteger();
        CommandSpec spec = CommandSpec.create();
        LazyGrammar grammar = new LazyGrammar(() -> {
            builds.incrementAndGet();
            return spec;
        });
        assertThat(builds).hasValue(0); // nothing is modelled before it is needed
        assertThat(grammar.get()).isSameAs(spec);
        assertThat(grammar.get()).isSameAs(spec);
        assertThat(grammar.now()).containsSame(spec);
        assertThat(builds).hasValue(1);
    }

    @Test
    void nowNeverWaitsButStartsTheBuild() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CommandSpec spec = CommandSpec.create();
        LazyGrammar grammar = new LazyGrammar(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return spec;
        });
        assertThat(grammar.now()).isEmpty(); // returns while the build is blocked
        release.countDown();
        await().atMost(30, TimeUnit.SECONDS).until(() -> grammar.now().isPresent());
        assertThat(grammar.get()).isSameAs(spec);
    }
}
