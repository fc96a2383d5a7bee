package dev.baton.platform.privacy;

import io.smallrye.mutiny.Uni;

import java.util.UUID;

/** What this service holds about one lead, for the person's export. Each service implements it once. */
public interface PersonalData {

    Uni<PersonalDataExport> export(UUID leadId);
}
