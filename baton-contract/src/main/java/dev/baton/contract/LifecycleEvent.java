package dev.baton.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The data of every event on {@code lead.lifecycle.v1}. The CloudEvents {@code type} says which transition it is; the
 * fields below are the same for all of them so that an outside consumer can check order ({@code sequence}) and drop
 * duplicates (the CloudEvents {@code id}) without knowing every type. The JSON field {@code type} is the short name of
 * {@link #type()}, taken from the details. Its stage move must be one {@link LifecycleTransitions} allows for its type.
 *
 * @param leadId      the lead (also the CloudEvents {@code subject} and the Kafka key)
 * @param from        stage before the event
 * @param to          stage after the event (equal to {@code from} for events that do not move the stage)
 * @param actor       who caused it
 * @param reason      why, in words or a reason code
 * @param causationId id of the command or event that caused this one
 * @param sequence    per-lead sequence number: 1 for the first event of a lead, then gap-free
 * @param occurredAt  when the change was committed
 * @param details     the type's own facts (score, rep, outcome, amount...): which record says which type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"leadId", "type", "from", "to", "actor", "reason", "causationId", "sequence", "occurredAt", "details"})
@JsonDeserialize(using = LifecycleEvent.Reader.class)
public record LifecycleEvent(
        String leadId,
        Stage from,
        Stage to,
        Actor actor,
        String reason,
        String causationId,
        long sequence,
        Instant occurredAt,
        LifecycleDetails details) {

    public LifecycleEvent {
        Objects.requireNonNull(details, "details say the type of a lifecycle event");
        if (!LifecycleTransitions.allows(details.type(), from, to)) {
            throw new IllegalArgumentException("a " + details.type().shortName() + " event may not move a lead from "
                    + from + " to " + to);
        }
    }

    @JsonIgnore
    public EventTypes type() {
        return details.type();
    }

    @JsonProperty("type")
    private String typeName() {
        return type().shortName();
    }

    /** The details as the record of the type the caller has checked, e.g. after {@code type() == HANDED_OFF}. */
    public <T extends LifecycleDetails> T details(Class<T> expected) {
        if (!expected.isInstance(details)) {
            throw new IllegalStateException("a " + type().shortName() + " event has no " + expected.getSimpleName());
        }
        return expected.cast(details);
    }

    /** Whether this event moves the lead and so takes the next per-lead sequence number. */
    public boolean advancesSequence() {
        return type().advancesSequence();
    }

    /** This event as a CloudEvent published by {@code service}. */
    public CloudEvent toCloudEvent(String service) {
        return CloudEvent.create(service, type(), leadId, occurredAt, this);
    }

    /** Reads the details as the record of the {@code type} next to them. */
    static final class Reader extends StdDeserializer<LifecycleEvent> {

        Reader() {
            super(LifecycleEvent.class);
        }

        @Override
        public LifecycleEvent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            String typeName = node.path("type").asText();
            EventTypes type = EventTypes.fromShortName(typeName).filter(EventTypes::isLifecycle).orElse(null);
            if (type == null) {
                return context.reportInputMismatch(LifecycleEvent.class, "not a lifecycle event type: '%s'", typeName);
            }
            JsonNode details = node.hasNonNull("details") ? node.get("details") : JsonNodeFactory.instance.objectNode();
            Wire wire = context.readTreeAsValue(node, Wire.class);
            return new LifecycleEvent(wire.leadId(), wire.from(), wire.to(), wire.actor(), wire.reason(),
                    wire.causationId(), wire.sequence(), wire.occurredAt(),
                    context.readTreeAsValue(details, LifecycleDetails.classOf(type)));
        }

        @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
        private record Wire(String leadId, Stage from, Stage to, Actor actor, String reason, String causationId,
                long sequence, Instant occurredAt) {
        }
    }
}
