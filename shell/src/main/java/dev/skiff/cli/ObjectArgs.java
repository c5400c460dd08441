package dev.skiff.cli;

import dev.skiff.api.KindInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * kubectl's ways to name objects on a command line: {@code KIND NAME…} or {@code KIND/NAME…}
 * (several, possibly of different kinds).
 */
record ObjectArgs(KindInfo kind, String name) {

    static List<ObjectArgs> parse(CommandLine cmd, List<String> words) {
        if (words.isEmpty()) throw new CommandLine.ParameterException(cmd, "name a kind and object(s), e.g. deploy web or deploy/web");
        List<ObjectArgs> out = new ArrayList<>();
        if (words.getFirst().contains("/")) {
            for (String w : words) {
                int slash = w.indexOf('/');
                if (slash <= 0) throw new CommandLine.ParameterException(cmd, "\"" + w + "\": use KIND/NAME for every object once one is given that way");
                out.add(new ObjectArgs(KindArgument.resolve(cmd, w.substring(0, slash)), w.substring(slash + 1)));
            }
            return out;
        }
        KindInfo kind = KindArgument.resolve(cmd, words.getFirst());
        if (words.size() == 1) throw new CommandLine.ParameterException(cmd, "name the " + kind.singular() + "(s) too, e.g. " + words.getFirst() + " web");
        for (String name : words.subList(1, words.size())) out.add(new ObjectArgs(kind, name));
        return out;
    }

    /** Client.modify for a kind known only at run time. */
    @SuppressWarnings("unchecked")
    static <T extends dev.skiff.api.Resource> T modify(dev.skiff.client.Client client, Class<T> type, String ns, String name,
                                                      java.util.function.UnaryOperator<dev.skiff.api.Resource> change) {
        return client.modify(type, ns, name, r -> (T) change.apply(r));
    }

    /** {@code deployment.apps/web}, as kubectl reports an object it changed. */
    String display() {
        return kind.singular() + (kind.group().isEmpty() ? "" : "." + kind.group()) + "/" + name;
    }
}
