package dev.baton.sales;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** sales-service's own settings (environment: {@code BATON_SALES_...}). */
@ConfigMapping(prefix = "baton.sales")
public interface SalesConfig {

    /**
     * Where marketing-service answers {@code POST /conversions}: referrals ask it to create or find the referred lead.
     * The REST client {@code marketing} uses it ({@code quarkus.rest-client.marketing.url}).
     */
    @WithDefault("http://localhost:8081")
    String marketingUrl();
}
