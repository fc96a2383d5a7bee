package dev.baton.deploy;

import org.junit.jupiter.api.Test;

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
        assertThat(recovery).as("the safe restore replays every archived WAL (README, known limitation)")
                .doesNotContainKey("recoveryTarget");
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

    /** The ScheduledBackup's immediate backup fired long ago: the restored cluster's first one is taken on demand. */
    @Test
    void theFirstBackupOfTheRestoredClusterGoesThroughItsArchiver() {
        Manifests restore = Kustomize.render(Repo.DEPLOY.resolve("restore"));
        Manifests first = Kustomize.render(Repo.DEPLOY.resolve("restore/first-backup"));
        List<String> problems = new ArrayList<>();
        first.objects.forEach(o -> problems.addAll(Schemas.problems(o)));
        assertThat(problems).isEmpty();
        assertThat(first.objects).hasSize(1);
        Map<String, Object> backup = first.kind("Backup").get(0);
        Map<String, Object> cluster = restore.get("Cluster", str(backup, "spec", "cluster", "name"));
        assertThat(str(backup, "metadata", "namespace")).isEqualTo(str(cluster, "metadata", "namespace"));
        Map<String, Object> archiver = maps(cluster, "spec", "plugins").stream()
                .filter(p -> Boolean.TRUE.equals(p.get("isWALArchiver"))).findFirst().orElseThrow();
        assertThat(str(backup, "spec", "method")).isEqualTo("plugin");
        assertThat(str(backup, "spec", "pluginConfiguration", "name")).isEqualTo(str(archiver, "name"));
        assertThat(str(backup, "metadata", "name")).as("named after the server name it backs up")
                .startsWith(str(archiver, "parameters", "serverName") + "-");
        assertThat(restore.kind("Backup")).as("not applied with the restore: the Cluster is not Ready yet").isEmpty();
    }
}
