package dev.skiff.controllers.deployment;

import dev.skiff.api.Deployment;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.Client;
import dev.skiff.controllers.replicaset.Pods;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code skiff rollout …} does, as kubectl does it: every command is an ordinary update of
 * the Deployment, which the controller then rolls out. Undo copies an old ReplicaSet's template
 * back (that ReplicaSet becomes the new one and takes the next revision number).
 */
public final class Rollouts {

    private Rollouts() {
    }

    /** One entry of {@code rollout history}. */
    public record Revision(long number, String replicaSet, PodTemplateSpec template) {
    }

    /** The Deployment's revisions, oldest first. */
    public static List<Revision> history(Client client, String namespace, String name) {
        Deployment d = client.require(Deployment.class, namespace, name);
        return ownedReplicaSets(client, d).stream()
                .filter(rs -> Revisions.of(rs) > 0)
                .sorted(Comparator.comparingLong(Revisions::of))
                .map(rs -> new Revision(Revisions.of(rs), rs.name(), TemplateHash.withoutHash(rs.spec().template())))
                .toList();
    }

    /**
     * Rolls back to {@code toRevision}, or to the revision before the current one when it is 0.
     * @throws RolloutException when there is no such revision (the message lists the known ones)
     */
    public static Deployment undo(Client client, String namespace, String name, long toRevision) {
        List<Revision> history = history(client, namespace, name);
        Deployment d = client.require(Deployment.class, namespace, name);
        long current = Revisions.of(d);
        Revision target = toRevision > 0
                ? history.stream().filter(r -> r.number() == toRevision).findFirst().orElseThrow(() ->
                        new RolloutException("deployment " + name + " has no revision " + toRevision
                                + known(history) + "; see skiff rollout history deployment/" + name))
                : history.stream().filter(r -> r.number() != current).reduce((a, b) -> b).orElseThrow(() ->
                        new RolloutException("deployment " + name + " has no previous revision to roll back to"));
        return client.modify(Deployment.class, namespace, name,
                cur -> cur.withSpec(cur.spec().withTemplate(target.template())));
    }

    /** Restarts every pod by stamping the template (kubectl's restartedAt annotation). */
    public static Deployment restart(Client client, String namespace, String name) {
        String at = DateTimeFormatter.ISO_INSTANT.format(client.clock().instant().truncatedTo(ChronoUnit.SECONDS));
        return client.modify(Deployment.class, namespace, name, cur -> {
            PodTemplateSpec t = cur.spec().template();
            ObjectMeta m = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
            Map<String, String> annotations = new LinkedHashMap<>(m.annotationsOrEmpty());
            annotations.put(Revisions.RESTARTED_AT, at);
            return cur.withSpec(cur.spec().withTemplate(t.withMetadata(m.withAnnotations(annotations))));
        });
    }

    public static Deployment pause(Client client, String namespace, String name) {
        return client.modify(Deployment.class, namespace, name, cur -> cur.withSpec(cur.spec().withPaused(true)));
    }

    public static Deployment resume(Client client, String namespace, String name) {
        return client.modify(Deployment.class, namespace, name, cur -> cur.withSpec(cur.spec().withPaused(null)));
    }

    /** When the Deployment's current template was last restarted by {@link #restart}, if ever. */
    public static java.util.Optional<Instant> restartedAt(Deployment d) {
        PodTemplateSpec t = d.spec().template();
        String v = t == null || t.metadata() == null ? null : t.metadata().annotationsOrEmpty().get(Revisions.RESTARTED_AT);
        return java.util.Optional.ofNullable(v).map(Instant::parse);
    }

    private static List<ReplicaSet> ownedReplicaSets(Client client, Deployment d) {
        return client.list(ReplicaSet.class, d.namespace()).items().stream()
                .filter(rs -> Pods.controlledBy(rs, d.metadata().uid())).toList();
    }

    private static String known(List<Revision> history) {
        if (history.isEmpty()) return " (it has no revisions yet)";
        return " (known revisions: " + history.stream().map(r -> Long.toString(r.number()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
