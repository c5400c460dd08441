package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainTest {

    @Test
    void aSubtreeListsItsFieldsWithTypesAndDescriptions() {
        CliRun run = CliRun.of("explain", "deploy.spec.strategy");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n");
        assertThat(run.out()).contains("rollingUpdate\t<RollingUpdateDeployment>", "type\t<string>",
                "Possible values: RollingUpdate, Recreate", "How a rollout replaces old pods");
    }

    @Test
    void sharedTypesAreDescribedEverywhereAndUndocumentedFieldsStillList() {
        String containers = CliRun.of("explain", "deployments.apps.spec.template.spec.containers").out();
        assertThat(containers).contains("FIELD: containers <[]Container>", "livenessProbe\t<Probe>",
                "resources\t<ResourceRequirements>", "The image to run");
        String pod = CliRun.of("explain", "pods").out();
        assertThat(pod).contains("KIND:       Pod", "metadata\t<ObjectMeta>", "spec\t<PodSpec>", "status\t<PodStatus>");
        assertThat(CliRun.of("explain", "limitrange.spec.limits").out()).contains("default\t<map[string]Quantity>");
        assertThat(CliRun.of("explain", "svc.spec.ports.targetPort").out()).contains("FIELD: targetPort <IntOrString>");
    }

    @Test
    void unknownFieldsAndKindsSayWhatExists() {
        CliRun field = CliRun.of("explain", "deploy.spec.strategyy");
        assertThat(field.exitCode()).isEqualTo(1);
        assertThat(field.err()).contains("field \"strategyy\" does not exist in Deployment.spec", "strategy");
        CliRun kind = CliRun.of("explain", "deploymnet");
        assertThat(kind.err()).contains("did you mean");
    }
}
