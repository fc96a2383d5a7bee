package dev.baton.marketing.send.domain;

import dev.baton.contract.Stage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a send is about. Nurture: the lead's interests (the topics of its engagement). Retention newsletter: interests
 * plus purchase history, so that it is tailored to what the customer bought and looked at.
 */
public final class SendTopics {

    /** A purchase from this amount on is a large one. */
    static final BigDecimal LARGE_PURCHASE = BigDecimal.valueOf(10_000);

    private SendTopics() {
    }

    /** The topics of a send, from the lead's top interests (most engaged first). */
    public static List<String> of(SendKind kind, List<String> interests, BigDecimal purchaseAmount, Stage stage) {
        List<String> topics = new ArrayList<>();
        interests.forEach(interest -> topics.add("interest:" + interest));
        if (kind == SendKind.RETENTION_NEWSLETTER) {
            topics.add("purchase:" + (purchaseAmount == null ? "unknown"
                    : purchaseAmount.compareTo(LARGE_PURCHASE) >= 0 ? "large" : "small"));
            topics.add("stage:" + stage.name().toLowerCase(Locale.ROOT));
        }
        return topics;
    }
}
