package dev.skiff.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", description = {
        "Print a shell completion script for the one-shot CLI.",
        "bash: source <(skiff completion bash)    zsh: autoload -U compinit && compinit; source <(skiff completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "bash|zsh")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "completion is available for bash and zsh, not \"" + shell + "\"");
        }
        // picocli's script works in bash, and in zsh through bashcompinit
        String script = AutoComplete.bash("skiff", SkiffCommand.commandLine());
        if (shell.equals("zsh")) script = "autoload -U +X bashcompinit && bashcompinit\n" + script;
        spec.commandLine().getOut().print(script);
        return 0;
    }
}
