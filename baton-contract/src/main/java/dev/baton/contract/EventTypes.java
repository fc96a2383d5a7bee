package dev.baton.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every CloudEvents {@code type} Baton publishes, the topic it goes to and the JSON Schema of its data. The schema files
 * live in this module under {@code schemas/} and are what {@code dataschema} points at.
 */
public enum EventTypes {
    // lifecycle (lead.lifecycle.v1)
    IDENTIFIED("lead.identified", Topics.LIFECYCLE, LifecycleDetails.Identified.class),
    QUALIFIED("lead.qualified", Topics.LIFECYCLE, LifecycleDetails.Qualified.class),
    HANDOFF_REFUSED("lead.handoff-refused", Topics.LIFECYCLE, LifecycleDetails.HandoffRefused.class),
    // a marketer asks again for a refused handoff; answered like qualified
    HANDOFF_REQUESTED("lead.handoff-requested", Topics.LIFECYCLE, LifecycleDetails.HandoffRequested.class),
    HANDED_OFF("lead.handed-off", Topics.LIFECYCLE, LifecycleDetails.HandedOff.class),
    ACCEPTED("lead.accepted", Topics.LIFECYCLE, LifecycleDetails.Accepted.class),
    REJECTED("lead.rejected", Topics.LIFECYCLE, LifecycleDetails.Rejected.class),
    RECYCLED("lead.recycled", Topics.LIFECYCLE, LifecycleDetails.Recycled.class),
    SLA_AT_RISK("lead.sla-at-risk", Topics.LIFECYCLE, LifecycleDetails.SlaAtRisk.class),
    SLA_BREACHED("lead.sla-breached", Topics.LIFECYCLE, LifecycleDetails.SlaBreached.class),
    REASSIGNED("lead.reassigned", Topics.LIFECYCLE, LifecycleDetails.Reassigned.class),
    CLOSED("lead.closed", Topics.LIFECYCLE, LifecycleDetails.Closed.class),
    RETAINED("lead.retained", Topics.LIFECYCLE, LifecycleDetails.Retained.class),
    CHURNED("lead.churned", Topics.LIFECYCLE, LifecycleDetails.Churned.class),
    REFERRAL_RECEIVED("lead.referral-received", Topics.LIFECYCLE, LifecycleDetails.ReferralReceived.class),
    MARKETING_SEND_BLOCKED("lead.marketing-send-blocked", Topics.LIFECYCLE, LifecycleDetails.MarketingSendBlocked.class),
    CONSENT_CHANGED("lead.consent-changed", Topics.LIFECYCLE, LifecycleDetails.ConsentChanged.class),
    MERGED("lead.merged", Topics.LIFECYCLE, LifecycleDetails.Merged.class),
    // privacy: marketing erased a person's data; each other service confirms it erased its own (audit-only)
    ERASED("lead.erased", Topics.LIFECYCLE, LifecycleDetails.Erased.class),
    ERASURE_CONFIRMED("lead.erasure-confirmed", Topics.LIFECYCLE, LifecycleDetails.ErasureConfirmed.class),
    // ownership (lead.ownership.v1)
    OWNERSHIP_CHANGED("lead.ownership-changed", Topics.OWNERSHIP, OwnershipChanged.class),
    // marketing sends (marketing.sends.v1): nurture and retention messages, for the delivery systems
    SEND_RECORDED("marketing.send-recorded", Topics.SENDS, SendRecorded.class),
    // engagement (marketing.engagement.v1)
    ENGAGEMENT_RECORDED("marketing.engagement-recorded", Topics.ENGAGEMENT, EngagementRecorded.class),
    // sales responses (sales.responses.v1)
    HANDOFF_RESPONSE("sales.handoff-response", Topics.SALES_RESPONSES, HandoffResponse.class),
    // sales pipeline (sales.pipeline.v1): stage moves inside sales, not lifecycle transitions
    OPPORTUNITY_STAGE_CHANGED("sales.opportunity-stage-changed", Topics.SALES_PIPELINE, OpportunityStageChanged.class);

    /** Version of the event types and schemas; a breaking change gets a new version and a new topic. */
    public static final int VERSION = 1;
    private static final String PREFIX = "dev.baton.";
    private static final String SCHEMA_BASE = "https://baton.dev/schemas/";

    private final String name;
    private final String topic;
    private final Class<?> dataType;

    EventTypes(String name, String topic, Class<?> dataType) {
        this.name = name;
        this.topic = topic;
        this.dataType = dataType;
    }

    /**
     * The Java record of this type's data: for a lifecycle type the record of its {@code details} (the rest is the
     * {@link LifecycleEvent} every lifecycle type shares), for the others the whole data.
     */
    public Class<?> dataType() {
        return dataType;
    }

    /** The CloudEvents type, for example {@code dev.baton.lead.qualified.v1}. */
    public String ceType() {
        return PREFIX + name + ".v" + VERSION;
    }

    /** The short name used in JSON payloads and logs, for example {@code qualified}. */
    public String shortName() {
        return name.substring(name.indexOf('.') + 1);
    }

    public String topic() {
        return topic;
    }

    /** Classpath resource of the JSON Schema of this type's data. */
    public String schemaResource() {
        return "schemas/" + name + ".v" + VERSION + ".json";
    }

    /** The CloudEvents {@code dataschema}. */
    public String dataSchemaUri() {
        return SCHEMA_BASE + name + ".v" + VERSION + ".json";
    }

    public boolean isLifecycle() {
        return Topics.LIFECYCLE.equals(topic);
    }

    /**
     * Whether this lifecycle type moves the lead (stage, owner or assignee) and so takes the next per-lead sequence
     * number. Audit-only types repeat the sequence of the last transition they observed, so that a side that does not
     * own the lead never takes a number from the owner.
     */
    public boolean advancesSequence() {
        return isLifecycle() && this != MARKETING_SEND_BLOCKED && this != SLA_AT_RISK && this != CONSENT_CHANGED
                && this != ERASED && this != ERASURE_CONFIRMED;
    }

    /** An audit-only type every service must act on whatever its sequence: consent and erasure. */
    public boolean concernsEveryService() {
        return this == CONSENT_CHANGED || this == ERASED || this == ERASURE_CONFIRMED;
    }

    public static Optional<EventTypes> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }

    public static Optional<EventTypes> fromShortName(String shortName) {
        return Arrays.stream(values()).filter(t -> t.shortName().equals(shortName)).findFirst();
    }
}
