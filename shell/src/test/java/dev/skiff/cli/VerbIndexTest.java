package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one-shot verb index is written out by name; it must say what SkiffCommand's subcommands say. */
class VerbIndexTest {

    @Test
    void indexNamesEveryVerbOfTheWholeTreeAndItsClass() {
        Map<String, String> fromAnnotations = new HashMap<>();
        for (Class<?> c : SkiffCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c == CommandLine.HelpCommand.class || c == CompletionCommand.class) continue; // they need the whole tree
            fromAnnotations.put(command.name(), c.getName());
            for (String alias : command.aliases()) fromAnnotations.put(alias, c.getName());
        }
        assertThat(SkiffCommand.Verbs.ONE_SHOT).isEqualTo(fromAnnotations);
    }

    @Test
    void aVerbLoadsItsClassAndAnythingElseGetsTheWholeTree() {
        assertThat(SkiffCommand.Verbs.of("get")).isEqualTo(GetCommand.class);
        assertThat(SkiffCommand.Verbs.of("label")).isEqualTo(MetadataCommands.Label.class);
        assertThat(SkiffCommand.Verbs.of("help")).isNull();
        assertThat(SkiffCommand.commandLine("get", "pods").getSubcommands()).containsOnlyKeys("get");
        assertThat(SkiffCommand.commandLine("help").getSubcommands()).containsKeys("get", "apply", "help");
    }
}
