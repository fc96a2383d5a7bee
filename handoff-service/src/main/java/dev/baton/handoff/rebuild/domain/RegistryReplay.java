package dev.baton.handoff.rebuild.domain;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.handoff.ownership.domain.HistoryLine;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.OwnershipProjection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The registry as {@code lead.lifecycle.v1} alone says it is: the topic's events folded, in order, through
 * {@link OwnershipProjection} (the rule the live service applies), with each lead's ownership changes.
 */
public final class RegistryReplay {

    private final String ownSource;
    private final Map<UUID, Ownership> rows = new LinkedHashMap<>();
    private final Map<UUID, List<HistoryLine>> changes = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** @param ownSource the CloudEvents source of this service (its events carry their own causation) */
    public RegistryReplay(String ownSource) {
        this.ownSource = ownSource;
    }

    /** Applies one event; false when it is not a valid lifecycle event (the live consumer dead-letters those). */
    public boolean fold(CloudEvent.Decoded decoded) {
        try {
            if (!seen.add(decoded.event().id())) {
                return true; // a duplicate delivery of the same event
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            if (!event.leadId().equals(decoded.event().subject())) {
                return false;
            }
            UUID leadId = UUID.fromString(event.leadId());
            OwnershipProjection.Step step = OwnershipProjection.apply(rows.get(leadId), event, decoded.event().id(),
                    ownSource.equals(decoded.event().source()));
            if (!step.ignored()) {
                rows.put(leadId, step.after());
                HistoryLine line = step.historyLine();
                if (line != null) {
                    changes.computeIfAbsent(leadId, id -> new ArrayList<>()).add(line);
                }
            }
            return true;
        } catch (InvalidEventException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The rebuilt rows, by lead. */
    public Map<UUID, Ownership> rows() {
        return rows;
    }

    /** A lead's rebuilt ownership changes and stage moves, oldest first. */
    public List<HistoryLine> changesOf(UUID leadId) {
        return changes.getOrDefault(leadId, List.of());
    }
}
