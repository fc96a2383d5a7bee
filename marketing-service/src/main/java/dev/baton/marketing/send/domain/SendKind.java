package dev.baton.marketing.send.domain;

/**
 * What marketing sends. NURTURE and FOLLOW_UP are prospect actions: only while marketing owns the lead.
 * RETENTION_NEWSLETTER is marketing's retention: only to customers (closed won or retained), never a sales follow-up.
 */
public enum SendKind {
    NURTURE, FOLLOW_UP, RETENTION_NEWSLETTER;

    public boolean isProspectAction() {
        return this != RETENTION_NEWSLETTER;
    }
}
