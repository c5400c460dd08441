package dev.skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example scripts in scripts/ against a local cluster (skiff up, two agents, process runtime):
 * each must exit 0. They need the scheduler and the deployment/replicaset controllers.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ScriptsIT {

    @Test
    void theExampleScriptsRunAgainstALocalCluster(@TempDir Path home) {
        Map<String, String> env = Map.of("SKIFF_HOME", home.toString());
        Repo.Result up = Repo.run(env, 300, "./skiff", "up", "--nodes", "2");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        try {
            Repo.Result verify = Repo.run(env, 300, "./skiff", "run", "--timeout", "280s", "scripts/deploy-and-verify.js", "hello", "2");
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("svc/hello: 5/5 ok", "hello: deployed, verified, healed");

            Repo.Result rollout = Repo.run(env, 400, "./skiff", "run", "--timeout", "380s", "scripts/rollout.js", "roll", "4");
            assertThat(rollout.exitCode()).as(rollout.out() + rollout.err()).isZero();
            assertThat(rollout.out()).contains("roll: rolled to v2");
        } finally {
            Repo.run(env, 120, "./skiff", "down");
        }
    }

    @Test
    void aFailingScriptExitsOneNamingFileAndLine(@TempDir Path home) throws Exception {
        Path script = home.resolve("fails.js");
        java.nio.file.Files.writeString(script, "// line 1\nconst x = 1;\nthrow new Error('deliberate');\n");
        Repo.Result r = Repo.run(Map.of("SKIFF_HOME", home.toString()), 240, "./skiff", "run", script.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error: deliberate", "fails.js:3");
    }
}
