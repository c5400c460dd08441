package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescribeTitleTest {

    @Test
    void fieldsAreTitledAsKubectlsDescriberDoesAndOtherKeysKeptAsTheyAre() {
        assertThat(DescribeCommand.title("creationTimestamp")).isEqualTo("Creation Timestamp");
        assertThat(DescribeCommand.title("uid")).isEqualTo("UID");
        assertThat(DescribeCommand.title("apiVersion")).isEqualTo("API Version");
        assertThat(DescribeCommand.title("podIP")).isEqualTo("Pod IP");
        assertThat(DescribeCommand.title("hostURL")).isEqualTo("Host URL");
        assertThat(DescribeCommand.title("replicas")).isEqualTo("Replicas");
        assertThat(DescribeCommand.title("app.properties")).isEqualTo("app.properties");
        assertThat(DescribeCommand.title("app.kubernetes.io/name")).isEqualTo("app.kubernetes.io/name");
        assertThat(DescribeCommand.title("key_1")).isEqualTo("key_1");
    }
}
