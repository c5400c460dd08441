package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptArgsTest {

    @Test
    void skiffAloneOrWithOnlyNodesIsTheShellVerb() {
        assertThat(SkiffCommand.prompt()).containsExactly("shell");
        assertThat(SkiffCommand.prompt("--nodes", "2")).containsExactly("shell", "--nodes", "2");
        assertThat(SkiffCommand.prompt("--nodes=2")).containsExactly("shell", "--nodes=2");
        assertThat(SkiffCommand.prompt("--allow-host-io")).containsExactly("shell", "--allow-host-io");
        assertThat(SkiffCommand.prompt("--nodes", "1", "--allow-host-io")).containsExactly("shell", "--nodes", "1", "--allow-host-io");
    }

    @Test
    void everythingElseKeepsTheWholeTree() {
        assertThat(SkiffCommand.prompt("get", "pods")).containsExactly("get", "pods");
        assertThat(SkiffCommand.prompt("--help")).containsExactly("--help");
        assertThat(SkiffCommand.prompt("--nodes", "2", "get")).containsExactly("--nodes", "2", "get");
    }
}
