package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.output.Table;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "api-resources", description = "List the kinds the cluster knows, with their short names.")
public final class ApiResourcesCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Table t = new Table(List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"));
        Kinds.all().stream().sorted(Comparator.comparing(KindInfo::plural)).forEach(k -> t.row(List.of(
                k.plural(), String.join(",", k.shortNames()), k.apiVersion(), Boolean.toString(k.namespaced()), k.kind())));
        spec.commandLine().getOut().print(t.render(true));
        return 0;
    }
}
