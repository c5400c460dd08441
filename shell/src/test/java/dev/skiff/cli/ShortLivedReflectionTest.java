package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which commands Main switches to the JVM's reflection (this JVM read the property long ago: setting it is inert). */
class ShortLivedReflectionTest {
    private static final String PROPERTY = "jdk.reflect.useNativeAccessorOnly";

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void oneShotVerbsReflectNatively() {
        for (String verb : new String[] {"get", "describe", "apply", "delete", "--help", "version"}) {
            System.clearProperty(PROPERTY);
            Main.reflectNativelyIfShortLived(new String[] {verb, "pods"});
            assertThat(System.getProperty(PROPERTY)).as(verb).isEqualTo("true");
        }
    }

    @Test
    void longRunningRolesThePromptAndScriptsKeepTheDefault() {
        for (String[] args : new String[][] {{}, {"--nodes", "2"}, {"--nodes=2"}, {"shell"}, {"server"}, {"agent"},
                {"local-cluster"}, {"run", "x.js"}, {"test", "x.js"}}) {
            Main.reflectNativelyIfShortLived(args);
            assertThat(System.getProperty(PROPERTY)).as(String.join(" ", args)).isNull();
        }
    }
}
