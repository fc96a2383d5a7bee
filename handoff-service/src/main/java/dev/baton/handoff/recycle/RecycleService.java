package dev.baton.handoff.recycle;

import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.OwnershipTransitions;
import dev.baton.handoff.ownership.Transition;
import dev.baton.handoff.recycle.domain.CoolDown;
import dev.baton.handoff.recycle.persistence.CoolingRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Gives LOST leads back to marketing once their cool-down is over: {@code recycled}, CLOSED to KNOWN. */
@ApplicationScoped
public class RecycleService {

    private final CoolingRepository cooling;
    private final OwnershipTransitions transitions;
    private final CoolDown coolDown;

    public RecycleService(CoolingRepository cooling, OwnershipTransitions transitions, RecycleConfig config) {
        this.cooling = cooling;
        this.transitions = transitions;
        this.coolDown = new CoolDown(config.lostAfter());
    }

    /**
     * Recycles the next lead whose cool-down is over, if any, in the caller's transaction (claimed, so once however
     * many instances poll). The causation names the close it follows, so a replay cannot make a second one.
     *
     * @return whether a lead was due
     */
    public Uni<Boolean> recycleNext(SqlClient tx, Instant now) {
        return cooling.claimDue(tx, now.minus(coolDown.lostAfter()))
                .flatMap(lead -> {
                    if (lead == null || !coolDown.over(lead, now)) {
                        return Uni.createFrom().item(false);
                    }
                    Transition t = transitions.from(lead);
                    t.emit(new LifecycleEvent(lead.leadId().toString(), Stage.CLOSED, Stage.KNOWN, transitions.system(),
                            coolDown.reason(lead), "cool-down:" + lead.leadId() + ":" + lead.closedAt(),
                            lead.seq() + 1, now, new LifecycleDetails.Recycled(lead.closedOutcome())));
                    return t.commit(tx).replaceWith(true);
                });
    }
}
