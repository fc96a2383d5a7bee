package dev.baton.sales;

import dev.baton.testkit.BatonInfrastructureResource;

import java.util.HashMap;
import java.util.Map;

/**
 * The shared real broker and PostgreSQL (database {@code sales}), plus a stub of marketing-service's conversions
 * endpoint that {@code baton.sales.marketing-url} points at. One resource set for every sales test class, so that the
 * application starts once.
 */
public class SalesInfrastructure extends BatonInfrastructureResource {

    private final MarketingStub marketing = new MarketingStub();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("baton.sales.marketing-url", marketing.start());
        return config;
    }

    @Override
    public void stop() {
        marketing.stop();
        super.stop();
    }
}
