package dev.baton.handoff.assignment.domain;

import java.util.Set;

/**
 * What a rep is chosen for.
 *
 * @param country        the lead's country (ISO code), if known
 * @param referringRepId the rep whose customer referred the lead, if any
 * @param excluded       reps who may not get it (those who let its SLA pass)
 */
public record AssignmentCriteria(String country, String referringRepId, Set<String> excluded) {
}
