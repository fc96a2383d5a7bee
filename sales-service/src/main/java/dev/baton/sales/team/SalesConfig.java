package dev.baton.sales.team;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;

/** The sales team directory. Ids are the people's JWT {@code sub}. */
@ConfigMapping(prefix = "baton.sales")
public interface SalesConfig {

    /** Reps by id, e.g. {@code baton.sales.reps.rep-ada.team=team-north}. */
    Map<String, Rep> reps();

    /** Assistants by id and the reps they act for, e.g. {@code baton.sales.assistants.assistant-alan.reps=rep-ada}. */
    Map<String, Assistant> assistants();

    /** Managers by id and their team, e.g. {@code baton.sales.managers.manager-barbara.team=team-north}. */
    Map<String, Manager> managers();

    interface Rep {
        String team();
    }

    interface Assistant {
        List<String> reps();
    }

    interface Manager {
        String team();
    }
}
