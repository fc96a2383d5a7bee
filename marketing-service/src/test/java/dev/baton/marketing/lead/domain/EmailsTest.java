package dev.baton.marketing.lead.domain;

import dev.baton.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Email normalisation: the same person, however they type their address, is one lead. */
class EmailsTest {

    @Test
    void anEmailIsTrimmedAndLowerCased() {
        assertThat(Emails.normalise("  Ada.Lovelace+news@Example.COM \t")).isEqualTo("ada.lovelace+news@example.com");
    }

    @Test
    void aDottedDomainAndOneAtSignAreRequired() {
        for (String invalid : new String[] {"ada", "ada@example", "ada@@example.com", "@example.com", "ada@.com",
                "ada lovelace@example.com", "", "   "}) {
            assertThatThrownBy(() -> Emails.normalise(invalid)).as(invalid)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(422));
        }
    }

    @Test
    void aMissingEmailIsInvalid() {
        assertThatThrownBy(() -> Emails.normalise(null)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("'' is not a valid email address");
    }

    @Test
    void anAddressLongerThan254CharactersIsInvalidAndQuotedShortened() {
        String local = "a".repeat(64);
        String longest = local + "@" + ("b".repeat(60) + ".").repeat(4) + "com";
        assertThat(longest.length()).isGreaterThan(254);

        assertThatThrownBy(() -> Emails.normalise(longest)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("'" + local + "…' is not a valid email address");
        String fits = local + "@" + "b".repeat(60) + ".com";
        assertThat(Emails.normalise(fits)).isEqualTo(fits);
    }
}
