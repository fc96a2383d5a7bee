package dev.baton.marketing.report;

import dev.baton.marketing.report.domain.FunnelFilter;
import dev.baton.marketing.report.domain.FunnelReport;
import dev.baton.marketing.report.persistence.FunnelRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The marketing funnel and its attribution, its four queries run side by side. */
@ApplicationScoped
public class FunnelService {

    private final Pool pool;
    private final FunnelRepository funnel;

    public FunnelService(Pool pool, FunnelRepository funnel) {
        this.pool = pool;
        this.funnel = funnel;
    }

    /** @param echo the filters as the caller gave them, returned with the report */
    public Uni<FunnelReport> report(FunnelFilter filter, Map<String, Object> echo) {
        return Uni.combine().all().unis(funnel.leadStages(pool, filter), funnel.anonymousVisitors(pool, filter),
                        funnel.medianSecondsInStage(pool, filter), funnel.attribution(pool, filter)).asTuple()
                .map(all -> FunnelReport.of(echo, all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4()));
    }
}
