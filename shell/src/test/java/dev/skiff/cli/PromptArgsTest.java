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
        assertThat(SkiffCommand.prompt("--server", "pi-1:2379")).containsExactly("shell", "--server", "pi-1:2379");
        assertThat(SkiffCommand.prompt("-s", "pi-1:2379", "--request-timeout=5s"))
                .containsExactly("shell", "-s", "pi-1:2379", "--request-timeout=5s");
    }

    @Test
    void everythingElseKeepsTheWholeTree() {
        assertThat(SkiffCommand.prompt("get", "pods")).containsExactly("get", "pods");
        assertThat(SkiffCommand.prompt("--help")).containsExactly("--help");
        assertThat(SkiffCommand.prompt("--nodes", "2", "get")).containsExactly("--nodes", "2", "get");
        assertThat(SkiffCommand.prompt("--server", "pi-1:2379", "get", "pods")).containsExactly("--server", "pi-1:2379", "get", "pods");
        assertThat(SkiffCommand.prompt("-s")).containsExactly("-s");
    }
}
