package dev.skiff.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code skiff agent}'s entry point (./skiff and {@link dev.skiff.local.Launcher} start the agent with it): binds the
 * agent's command line to {@link AgentCommand} straight from its {@code @Option} annotations. picocli's model of even
 * this one command (its ~170 classes, the model, its reflection) is ~2 MB of an idle agent's RSS, on every node for
 * as long as it runs. Only plain options with a value that converts are bound here; anything else (help, version, a
 * word or option it does not know, a repeated option, a bad number) goes to {@link Main}, so picocli parses it and
 * says what is wrong exactly as for any other verb.
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
        System.exit(run(bound.get()));
    }

    /** Runs the command as picocli would: an exception becomes Errors' one line and exit code 1. */
    static int run(AgentCommand command) {
        try {
            return command.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            // the error path alone builds picocli's model: Errors prints to its writer
            return new Errors().handleExecutionException(e, new CommandLine(command), null);
        }
    }

    /** The agent's arguments (after {@code agent}) bound as picocli binds them, or empty when picocli must parse them. */
    static Optional<AgentCommand> bind(List<String> args) {
        var command = new AgentCommand();
        command.cluster = new ClusterOptions();
        Map<String, Binding> options = new HashMap<>();
        for (Object target : List.of(command, command.cluster)) {
            for (Field field : target.getClass().getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option == null) continue;
                var binding = new Binding(target, field, option);
                binding.setDefault();
                for (String name : option.names()) options.put(name, binding);
            }
        }
        Set<Binding> seen = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            Binding binding = options.get(eq > 0 ? arg.substring(0, eq) : arg);
            if (binding == null || !seen.add(binding)) return Optional.empty();
            if (binding.flag()) {
                if (eq > 0) return Optional.empty();
                binding.set("true");
                continue;
            }
            String value = eq > 0 ? arg.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
            // a value that looks like an option: picocli decides (it may be a missing value)
            if (value == null || value.startsWith("-") || !binding.set(value)) return Optional.empty();
        }
        return Optional.of(command);
    }

    /** One {@code @Option} field: String, int, boolean or Path, as AgentCommand and ClusterOptions declare them. */
    private record Binding(Object target, Field field, Option option) {
        private static final String NO_DEFAULT = "__no_default_value__"; // picocli's Option.defaultValue() default

        Binding {
            Class<?> type = field.getType();
            if (type != String.class && type != int.class && type != boolean.class && type != Path.class
                    || !option.split().isEmpty() || !option.arity().isEmpty() || option.defaultValue().contains("${")) {
                throw new IllegalStateException(field + ": AgentMain binds no such option; teach it, or let picocli parse");
            }
            field.setAccessible(true);
        }

        boolean flag() {
            return field.getType() == boolean.class;
        }

        void setDefault() {
            if (!option.defaultValue().equals(NO_DEFAULT)) set(option.defaultValue());
        }

        /** False when the value does not convert (picocli then says why). */
        boolean set(String value) {
            try {
                Class<?> type = field.getType();
                if (type == int.class) field.setInt(target, Integer.parseInt(value));
                else if (type == boolean.class) field.setBoolean(target, Boolean.parseBoolean(value));
                else if (type == Path.class) field.set(target, Path.of(value));
                else field.set(target, value);
                return true;
            } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
                return false;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
