package dev.skiff.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Binds a verb's command line to its command object straight from the {@code @Option}, {@code @Parameters} and
 * {@code @Mixin} annotations, without building picocli's model: for a one-shot command that model is ~0.15 s of
 * the main thread, and for an agent ~2 MB of RSS for as long as it runs. Only the plain forms are bound here —
 * {@code --name value}, {@code --name=value}, {@code -n value}, flags, positionals, repeatable lists; anything
 * else (help, version, an unknown or repeated option, an attached or clustered short option, {@code --}, an
 * {@code @file}, a value that does not convert, a missing positional) leaves the command line to picocli, which
 * parses it and says what is wrong exactly as for any other verb. {@code DirectBindingTest} checks, for each
 * verb bound here, that the fields come out as picocli would set them.
 */
final class DirectBinding {
    private DirectBinding() {}

    /**
     * Thrown by a directly bound command where only picocli can go on (a usage error to report with its
     * suggestions and help pointer): the caller runs the command line through picocli instead. Thrown before
     * the command does anything, so running it again repeats nothing.
     */
    static final class NeedsPicocli extends RuntimeException {
        NeedsPicocli() {
            super("this command line needs picocli's parser", null, false, false);
        }
    }

    /** {@code command} with {@code args} bound (its mixins created), or empty when picocli must parse them. */
    static <T> Optional<T> bind(T command, List<String> args) {
        Map<String, Binding> options = new HashMap<>();
        List<Binding> positionals = new ArrayList<>();
        for (Object target : targets(command)) {
            for (Field field : target.getClass().getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                Parameters parameters = field.getAnnotation(Parameters.class);
                if (option == null && parameters == null) continue;
                var binding = new Binding(target, field, option, parameters);
                binding.setDefault();
                if (option != null) for (String name : option.names()) options.put(name, binding);
                else positionals.add(binding);
            }
        }
        return parse(args, options, positionals) ? Optional.of(command) : Optional.empty();
    }

    private static boolean parse(List<String> args, Map<String, Binding> options, List<Binding> positionals) {
        Set<Binding> seen = new HashSet<>();
        int position = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("@")) return false; // an argument file: picocli expands it
            if (!arg.startsWith("-")) {
                Binding p = positional(positionals, position++);
                if (p == null || !p.set(arg)) return false;
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            Binding binding = options.get(eq > 0 ? arg.substring(0, eq) : arg);
            if (binding == null || !seen.add(binding) && !binding.list()) return false;
            if (binding.flag()) {
                if (eq > 0) return false;
                binding.set("true");
                continue;
            }
            String value = eq > 0 ? arg.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
            // a value that looks like an option: picocli decides (it may be a missing value)
            if (value == null || value.startsWith("-") || value.startsWith("@") || !binding.set(value)) return false;
        }
        for (Binding p : positionals) if (p.required() && p.firstIndex() >= position) return false;
        return true;
    }

    /** The positional field that takes the {@code position}-th word (a single index before a range), or null. */
    private static Binding positional(List<Binding> positionals, int position) {
        for (Binding p : positionals) if (!p.list() && p.firstIndex() == position) return p;
        for (Binding p : positionals) if (p.list() && p.firstIndex() <= position) return p;
        return null;
    }

    /** The command and each of its {@code @Mixin} fields' objects (created when null). */
    private static List<Object> targets(Object command) {
        List<Object> targets = new ArrayList<>(List.of(command));
        for (Field field : command.getClass().getDeclaredFields()) {
            if (field.getAnnotation(CommandLine.Mixin.class) == null) continue;
            try {
                field.setAccessible(true);
                Object mixin = field.get(command);
                if (mixin == null) {
                    mixin = field.getType().getDeclaredConstructor().newInstance();
                    field.set(command, mixin);
                }
                targets.add(mixin);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(field + ": a mixin DirectBinding cannot create", e);
            }
        }
        return targets;
    }

    /**
     * One annotated field: String, int, boolean, Path, or a List of String (repeatable, split as declared). A class,
     * not a record: a record's first equals() or hashCode() (the set of options seen) bootstraps method handles.
     */
    private static final class Binding {
        private static final String NO_DEFAULT = "__no_default_value__"; // picocli's defaultValue() default

        private final Object target;
        private final Field field;
        private final Option option;
        private final Parameters parameters;

        Binding(Object target, Field field, Option option, Parameters parameters) {
            this.target = target;
            this.field = field;
            this.option = option;
            this.parameters = parameters;
            Class<?> type = field.getType();
            boolean known = type == String.class || type == int.class || type == boolean.class || type == Path.class
                    || type == List.class;
            String defaultValue = option != null ? option.defaultValue() : parameters.defaultValue();
            boolean plain = option == null ? parameters.arity().isEmpty() && parameters.split().isEmpty()
                    && simpleIndex(parameters.index()) && type == List.class == parameters.index().endsWith("..*")
                    : option.arity().isEmpty() && (option.split().isEmpty() || type == List.class);
            if (!known || !plain || defaultValue.contains("${")) {
                throw new IllegalStateException(field + ": DirectBinding binds no such field; teach it, or let picocli parse");
            }
            field.setAccessible(true);
        }

        /** {@code N} or {@code N..*}: the positional forms bound here. */
        private static boolean simpleIndex(String index) {
            String first = index.endsWith("..*") ? index.substring(0, index.length() - 3) : index;
            if (first.isEmpty()) return false;
            for (int i = 0; i < first.length(); i++) if (!Character.isDigit(first.charAt(i))) return false;
            return true;
        }

        boolean flag() {
            return field.getType() == boolean.class;
        }

        boolean list() {
            return field.getType() == List.class;
        }

        int firstIndex() {
            String index = parameters.index();
            return Integer.parseInt(index.endsWith("..*") ? index.substring(0, index.length() - 3) : index);
        }

        boolean required() {
            return !list();
        }

        void setDefault() {
            String defaultValue = option != null ? option.defaultValue() : parameters.defaultValue();
            if (!defaultValue.equals(NO_DEFAULT)) set(defaultValue);
        }

        /** False when the value does not convert (picocli then says why). */
        boolean set(String value) {
            try {
                Class<?> type = field.getType();
                if (type == int.class) field.setInt(target, Integer.parseInt(value));
                else if (type == boolean.class) field.setBoolean(target, Boolean.parseBoolean(value));
                else if (type == Path.class) field.set(target, Path.of(value));
                else if (type == List.class) return add(value);
                else field.set(target, value);
                return true;
            } catch (NumberFormatException | java.nio.file.InvalidPathException e) {
                return false;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Appends to the list (made when the field has none); false for an empty piece picocli should judge. */
        @SuppressWarnings("unchecked")
        private boolean add(String value) throws IllegalAccessException {
            List<String> list = (List<String>) field.get(target);
            if (list == null) field.set(target, list = new ArrayList<>());
            String split = option == null ? "" : option.split();
            List<String> pieces = split.isEmpty() ? List.of(value) : List.of(value.split(split, -1));
            for (String piece : pieces) if (piece.isEmpty()) return false;
            list.addAll(pieces);
            return true;
        }
    }
}
