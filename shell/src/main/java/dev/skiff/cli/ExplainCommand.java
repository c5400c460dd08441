package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code explain KIND[.field.path]}: the fields of a kind, from the model itself. Needs no cluster. */
@Command(name = "explain", description = "Describe a kind's fields: explain deploy.spec.strategy")
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "KIND[.FIELD.PATH]") String target;

    @Override
    public Integer call() {
        List<String> parts = Arrays.asList(target.split("\\."));
        // kinds may carry their group (deployments.apps.spec): take the longest prefix that names a kind
        for (int i = parts.size(); i >= 1; i--) {
            var kind = dev.skiff.api.Kinds.resolve(String.join(".", parts.subList(0, i)));
            if (kind.isPresent()) return print(kind.get(), parts.subList(i, parts.size()));
        }
        KindInfo k = KindArgument.resolve(spec.commandLine(), parts.getFirst()); // throws with a suggestion
        return print(k, parts.subList(1, parts.size()));
    }

    private int print(KindInfo kind, List<String> path) {
        spec.commandLine().getOut().print(Explain.render(Explain.explain(kind, path)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
