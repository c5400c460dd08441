package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Resolves what the user typed as a kind (pods, po, deploy, Deployment, deployments.apps). */
final class KindArgument {
    private KindArgument() {}

    static KindInfo resolve(CommandLine cmd, String typed) {
        // no lambda: this class refers to picocli, whose Java 5 classes keep it out of the AOT cache,
        // so a lambda here would be spun at run time on every one-shot command
        Optional<KindInfo> found = Kinds.resolve(typed);
        if (found.isPresent()) return found.get();
        List<String> near = Kinds.suggest(typed);
        String hint = near.isEmpty() ? " (see the kinds with 'skiff api-resources')"
                : " (did you mean " + near.getFirst() + "?)";
        throw new CommandLine.ParameterException(cmd,
                "the server doesn't have a resource type \"" + typed + "\"" + hint);
    }
}
