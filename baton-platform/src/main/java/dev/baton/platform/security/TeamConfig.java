package dev.baton.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sales team directory: who the reps are, which assistants act for them, which managers lead their teams. Ids are
 * the people's JWT {@code sub}. The handoff service assigns leads from it; sales and handoff check object-level access
 * with it. The same settings go to both services (one ConfigMap in {@code deploy/}).
 */
@ConfigMapping(prefix = "baton.team")
public interface TeamConfig {

    /** Reps by id, e.g. {@code baton.team.reps.rep-ada.team=team-north}. */
    Map<String, Rep> reps();

    /** Assistants by id and the reps they act for, e.g. {@code baton.team.assistants.assistant-alan.reps=rep-ada}. */
    Map<String, Assistant> assistants();

    /** Managers by id and the team they lead, e.g. {@code baton.team.managers.manager-barbara.team=team-north}. */
    Map<String, Manager> managers();

    interface Rep {
        /** The rep's team. */
        String team();

        /** Whether the rep takes new leads now. */
        @WithDefault("true")
        boolean available();

        /** Countries or regions the rep covers (territory policy); empty for any. */
        Optional<List<String>> territories();

        /** Most open (not yet answered) handoffs the rep may hold; unlimited when absent. */
        Optional<Integer> capacity();
    }

    interface Assistant {
        List<String> reps();
    }

    interface Manager {
        String team();
    }
}
