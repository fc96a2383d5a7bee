package dev.baton.marketing.campaign.domain;

/** Where a campaign reaches people. */
public enum CampaignChannel {
    EMAIL, ADS, CONTENT, WEBINAR, EVENT, REFERRAL
}
