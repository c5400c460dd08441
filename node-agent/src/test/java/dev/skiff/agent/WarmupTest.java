package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The warm-up runs in the background where a failure is only logged: here it must pass. */
class WarmupTest {

    @Test
    void walksThePodStartCodeWithoutFailing() {
        assertThatCode(() -> Warmup.run("process")).doesNotThrowAnyException();
        assertThatCode(() -> Warmup.run("docker")).doesNotThrowAnyException();
    }
}
