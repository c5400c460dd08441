package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import java.util.List;
import picocli.CommandLine;

/** Resolves what the user typed as a kind (pods, po, deploy, Deployment, deployments.apps). */
final class KindArgument {
    private KindArgument() {}

    static KindInfo resolve(CommandLine cmd, String typed) {
        return Kinds.resolve(typed).orElseThrow(() -> {
            List<String> near = Kinds.suggest(typed);
            String hint = near.isEmpty() ? " (see the kinds with 'skiff api-resources')"
                    : " (did you mean " + near.getFirst() + "?)";
            return new CommandLine.ParameterException(cmd,
                    "the server doesn't have a resource type \"" + typed + "\"" + hint);
        });
    }
}
