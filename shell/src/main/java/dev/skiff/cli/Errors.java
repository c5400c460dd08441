package dev.skiff.cli;

import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.client.ApiException;
import dev.skiff.output.OutputException;
import dev.skiff.output.jsonpath.JsonPathException;
import dev.skiff.store.StoreException;
import dev.skiff.api.Kinds;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns what a command throws into what an operator reads: one line per problem, never a stack
 * trace (set SKIFF_DEBUG=1 for one). Exit codes as kubectl: 1 for errors.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** Bad command lines: the problem, a suggestion when one is near, and where help is. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption() == false
                && cmd.getCommandSpec().parent() == null && !u.getUnmatched().isEmpty()
                && !cmd.getCommandSpec().subcommands().isEmpty() && args.length > 0 && args[0].equals(u.getUnmatched().getFirst())) {
            err.println("error: unknown command \"" + args[0] + "\" for \"skiff\"");
            List<String> near = nearVerbs(args[0], cmd.getCommandSpec());
            if (near.isEmpty()) CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            else err.println("Did you mean: " + String.join(" or ", near.stream().map(v -> "skiff " + v).toList()) + "?");
        } else {
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        }
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return 1;
    }

    /**
     * Verbs a typo away, nearest first, as kubectl finds them (edit distance at most 2): picocli's own
     * suggestions compare letter pairs, so "gte" got test, create and annotate but not get.
     */
    static List<String> nearVerbs(String typed, CommandLine.Model.CommandSpec root) {
        return root.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(e -> Map.entry(e.getKey(), Kinds.distance(typed, e.getKey())))
                .filter(e -> e.getValue() <= 2)
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .limit(3)
                .toList();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        switch (ex) {
            case ManifestException m -> {
                for (ManifestError e : m.errors()) err.println("error: " + e);
                err.println("nothing was applied: fix the " + (m.errors().size() == 1 ? "error" : m.errors().size() + " errors") + " above and run the command again");
            }
            case ApiException a -> err.println("Error from server: " + a.getMessage());
            case StoreException.Unavailable u -> err.println("error: " + u.getMessage());
            case StoreException s -> err.println("error: " + s.getMessage());
            case UserError u -> err.println("error: " + u.getMessage());
            case OutputException o -> err.println("error: " + o.getMessage());
            case JsonPathException j -> err.println("error: " + j.getMessage());
            case CommandLine.ParameterException p -> err.println("error: " + p.getMessage());
            default -> {
                err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
                if (System.getenv("SKIFF_DEBUG") == null) err.println("(set SKIFF_DEBUG=1 for details)");
            }
        }
        if (System.getenv("SKIFF_DEBUG") != null) ex.printStackTrace(err);
        err.flush();
        return 1;
    }
}
