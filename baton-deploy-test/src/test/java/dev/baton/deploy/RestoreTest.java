package dev.baton.deploy;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/restore, the README's restore runbook: baton-pg rebuilt from the backups the infrastructure takes. */
class RestoreTest {

    @Test
    void theRestoreRecoversBatonPgFromItsOwnBackupsAndArchivesApart() {
        Manifests restore = Kustomize.render(Repo.DEPLOY.resolve("restore"));
        List<String> problems = new ArrayList<>();
        restore.objects.forEach(o -> problems.addAll(Schemas.problems(o)));
        assertThat(problems).isEmpty();

        Map<String, Object> cluster = restore.get("Cluster", "baton-pg");
        Map<String, Object> recovery = map(cluster, "spec", "bootstrap", "recovery");
        assertThat(map(cluster, "spec", "bootstrap")).as("recovery, not initdb").containsOnlyKeys("recovery");
        OffsetDateTime.parse(str(recovery, "recoveryTarget", "targetTime"));
        Map<String, Object> source = maps(cluster, "spec", "externalClusters").stream()
                .filter(c -> str(recovery, "source").equals(c.get("name"))).findFirst().orElseThrow();
        assertThat(str(source, "plugin", "name")).isEqualTo(PostgresTest.PLUGIN);

        Manifests prod = Kustomize.part("prod", "infrastructure");
        Map<String, Object> archiver = maps(prod.get("Cluster", "baton-pg"), "spec", "plugins").get(0);
        assertThat(str(source, "plugin", "parameters", "barmanObjectName")).as("the store prod archives to")
                .isEqualTo(str(archiver, "parameters", "barmanObjectName"));
        String archivedAs = str(archiver, "parameters", "serverName") != null ? str(archiver, "parameters", "serverName")
                : str(prod.get("Cluster", "baton-pg"), "metadata", "name");
        assertThat(str(source, "plugin", "parameters", "serverName")).as("the server prod archives as").isEqualTo(archivedAs);
        Map<String, Object> restoredArchiver = maps(cluster, "spec", "plugins").get(0);
        assertThat(restoredArchiver.get("isWALArchiver")).isEqualTo(true);
        assertThat(str(restoredArchiver, "parameters", "serverName")).as("the restored cluster never writes into the "
                + "backups it was restored from").isNotEqualTo(archivedAs);
    }
}
