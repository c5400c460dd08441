package dev.skiff.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code skiff agent}'s entry point (./skiff and {@link dev.skiff.local.Launcher} start the agent with it): binds the
 * agent's command line with {@link DirectBinding}. picocli's model of even this one command (its ~170 classes, the
 * model, its reflection) is ~2 MB of an idle agent's RSS, on every node for as long as it runs. What DirectBinding
 * leaves to picocli goes to {@link Main}, so picocli parses it and says what is wrong exactly as for any other verb.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        Optional<AgentCommand> bound = args.length > 0 && args[0].equals("agent")
                ? bind(Arrays.asList(args).subList(1, args.length)) : Optional.empty();
        if (bound.isEmpty()) {
            Main.main(args);
            return;
        }
        Main.configureLogging(args);
        System.exit(Main.call(bound.get()));
    }

    /** The agent's arguments (after {@code agent}) bound as picocli binds them, or empty when picocli must parse them. */
    static Optional<AgentCommand> bind(List<String> args) {
        return DirectBinding.bind(new AgentCommand(), args);
    }
}
