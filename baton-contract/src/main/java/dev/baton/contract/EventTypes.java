package dev.baton.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every CloudEvents {@code type} Baton publishes, the topic it goes to and the JSON Schema of its data. The schema files
 * live in this module under {@code schemas/} and are what {@code dataschema} points at.
 */
public enum EventTypes {
    // lifecycle (lead.lifecycle.v1)
    IDENTIFIED("lead.identified", Topics.LIFECYCLE),
    QUALIFIED("lead.qualified", Topics.LIFECYCLE),
    HANDOFF_REFUSED("lead.handoff-refused", Topics.LIFECYCLE),
    // a marketer asks again for a refused handoff; answered like qualified
    HANDOFF_REQUESTED("lead.handoff-requested", Topics.LIFECYCLE),
    HANDED_OFF("lead.handed-off", Topics.LIFECYCLE),
    ACCEPTED("lead.accepted", Topics.LIFECYCLE),
    REJECTED("lead.rejected", Topics.LIFECYCLE),
    RECYCLED("lead.recycled", Topics.LIFECYCLE),
    SLA_AT_RISK("lead.sla-at-risk", Topics.LIFECYCLE),
    SLA_BREACHED("lead.sla-breached", Topics.LIFECYCLE),
    REASSIGNED("lead.reassigned", Topics.LIFECYCLE),
    CLOSED("lead.closed", Topics.LIFECYCLE),
    RETAINED("lead.retained", Topics.LIFECYCLE),
    CHURNED("lead.churned", Topics.LIFECYCLE),
    REFERRAL_RECEIVED("lead.referral-received", Topics.LIFECYCLE),
    MARKETING_SEND_BLOCKED("lead.marketing-send-blocked", Topics.LIFECYCLE),
    CONSENT_CHANGED("lead.consent-changed", Topics.LIFECYCLE),
    MERGED("lead.merged", Topics.LIFECYCLE),
    // ownership (lead.ownership.v1)
    OWNERSHIP_CHANGED("lead.ownership-changed", Topics.OWNERSHIP),
    // marketing sends (marketing.sends.v1): nurture and retention messages, for the delivery systems
    SEND_RECORDED("marketing.send-recorded", Topics.SENDS),
    // engagement (marketing.engagement.v1)
    ENGAGEMENT_RECORDED("marketing.engagement-recorded", Topics.ENGAGEMENT),
    // sales responses (sales.responses.v1)
    HANDOFF_RESPONSE("sales.handoff-response", Topics.SALES_RESPONSES),
    // sales pipeline (sales.pipeline.v1): stage moves inside sales, not lifecycle transitions
    OPPORTUNITY_STAGE_CHANGED("sales.opportunity-stage-changed", Topics.SALES_PIPELINE);

    /** Version of the event types and schemas; a breaking change gets a new version and a new topic. */
    public static final int VERSION = 1;
    private static final String PREFIX = "dev.baton.";
    private static final String SCHEMA_BASE = "https://baton.dev/schemas/";

    private final String name;
    private final String topic;

    EventTypes(String name, String topic) {
        this.name = name;
        this.topic = topic;
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

    public static Optional<EventTypes> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }

    public static Optional<EventTypes> fromShortName(String shortName) {
        return Arrays.stream(values()).filter(t -> t.shortName().equals(shortName)).findFirst();
    }
}
