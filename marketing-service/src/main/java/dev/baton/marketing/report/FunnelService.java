package dev.baton.marketing.report;

import dev.baton.marketing.report.domain.FunnelFilter;
import dev.baton.marketing.report.domain.FunnelReport;
import dev.baton.marketing.report.persistence.FunnelRepository;
import dev.baton.platform.admission.Reads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The marketing funnel and its attribution: a bounded report, its four queries pipelined in one transaction. */
@ApplicationScoped
public class FunnelService {

    private final Reads reads;
    private final FunnelRepository funnel;

    public FunnelService(Reads reads, FunnelRepository funnel) {
        this.reads = reads;
        this.funnel = funnel;
    }

    /** @param echo the filters as the caller gave them, returned with the report */
    public Uni<FunnelReport> report(FunnelFilter filter, Map<String, Object> echo) {
        return reads.report(tx -> Uni.combine().all().unis(funnel.leadStages(tx, filter),
                        funnel.anonymousVisitors(tx, filter), funnel.medianSecondsInStage(tx, filter),
                        funnel.attribution(tx, filter)).asTuple()
                .map(all -> FunnelReport.of(echo, all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4())));
    }
}
