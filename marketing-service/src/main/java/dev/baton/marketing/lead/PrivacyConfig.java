package dev.baton.marketing.lead;

import io.smallrye.config.ConfigMapping;

import java.net.URI;

/** Where the other services answer for their part of a person's export. */
@ConfigMapping(prefix = "baton.marketing.privacy")
public interface PrivacyConfig {

    URI handoffUrl();

    URI salesUrl();
}
