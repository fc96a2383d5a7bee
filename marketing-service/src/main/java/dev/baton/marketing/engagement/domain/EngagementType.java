package dev.baton.marketing.engagement.domain;

/** What a visitor or lead did. */
public enum EngagementType {
    PAGE_VIEW, EMAIL_OPEN, EMAIL_CLICK, CONTENT_DOWNLOAD, WEBINAR_ATTENDED, AD_CLICK, FORM_VIEW, TRIAL_USAGE
}
