package dev.skiff.output;

import dev.skiff.api.Container;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentSpec;
import dev.skiff.api.DeploymentStatus;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetSpec;
import dev.skiff.api.ReplicaSetStatus;
import java.util.ArrayList;
import java.util.List;

/** Deployments and ReplicaSets as kubectl's printDeployment and printReplicaSet show them. */
final class WorkloadPrinters {
    private WorkloadPrinters() {}

    static final KindPrinter<Deployment> DEPLOYMENTS = KindPrinter.of(List.of(Column.of("NAME"),
            Column.of("READY"), Column.of("UP-TO-DATE"), Column.of("AVAILABLE"), Column.of("AGE"),
            Column.wide("CONTAINERS"), Column.wide("IMAGES"), Column.wide("SELECTOR")), (d, now) -> {
                DeploymentSpec spec = d.spec();
                DeploymentStatus st = d.status();
                Integer desired = spec == null ? null : spec.replicas();
                List<String> cells = new ArrayList<>(List.of(d.name(),
                        Cells.number(st == null ? null : st.readyReplicas()) + "/" + Cells.number(desired),
                        Cells.number(st == null ? null : st.updatedReplicas()),
                        Cells.number(st == null ? null : st.availableReplicas()),
                        Age.since(d.metadata().creationTimestamp(), now)));
                cells.addAll(Cells.containers(containers(spec == null ? null : spec.template())));
                // printDeployment prints selector.String(), which is empty rather than <none>
                cells.add(spec == null || spec.selector() == null ? "" : spec.selector().toString());
                return cells;
            });

    static final KindPrinter<ReplicaSet> REPLICA_SETS = KindPrinter.of(List.of(Column.of("NAME"),
            Column.of("DESIRED"), Column.of("CURRENT"), Column.of("READY"), Column.of("AGE"),
            Column.wide("CONTAINERS"), Column.wide("IMAGES"), Column.wide("SELECTOR")), (rs, now) -> {
                ReplicaSetSpec spec = rs.spec();
                ReplicaSetStatus st = rs.status();
                List<String> cells = new ArrayList<>(List.of(rs.name(),
                        Cells.number(spec == null ? null : spec.replicas()),
                        Cells.number(st == null ? null : st.replicas()),
                        Cells.number(st == null ? null : st.readyReplicas()),
                        Age.since(rs.metadata().creationTimestamp(), now)));
                cells.addAll(Cells.containers(containers(spec == null ? null : spec.template())));
                cells.add(Cells.selector(spec == null ? null : spec.selector()));
                return cells;
            });

    private static List<Container> containers(PodTemplateSpec template) {
        return template == null || template.spec() == null ? List.of() : template.spec().containersOrEmpty();
    }
}
