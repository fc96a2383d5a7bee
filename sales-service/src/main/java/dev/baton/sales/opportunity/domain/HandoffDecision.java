package dev.baton.sales.opportunity.domain;

import dev.baton.contract.RejectReason;
import dev.baton.platform.problem.ProblemException;

import java.util.Arrays;

/** The rep's answer to a handoff, sent to the handoff service, which confirms it (OPEN) or sends the lead back. */
public enum HandoffDecision {
    ACCEPT, REJECT;

    /** A rejection's reason code (UNREACHABLE, BAD_DATA, NO_NEED, NO_BUDGET, NO_FIT): 422 for any other. */
    public static RejectReason rejectReason(String code) {
        return Arrays.stream(RejectReason.values()).filter(r -> r.name().equals(code))
                .findFirst().orElseThrow(() -> ProblemException.unprocessable("unknown-reason",
                        "unknown reason code '" + code + "'")
                        .with("allowed", Arrays.stream(RejectReason.values()).map(Enum::name).toList()));
    }
}
