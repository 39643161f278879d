package dev.portalkit.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The replay rule over any sequence of attempts (clock moves, codes for the steps around it, random
 * codes): what the code step does with the last accepted step (accept only a later one, then remember
 * it) never accepts a step twice, accepted steps strictly increase, and each is within one step of the
 * time it was accepted at and is the step whose code was given.
 */
class TotpReplayPropertyTest {

    /** One attempt: seconds the clock moves first (0 to 45), and which code is typed (-2..2: that step's; 3: random). */
    record Attempt(int advance, int which, int random) {
    }

    @Provide
    Arbitrary<List<Attempt>> attempts() {
        return Combinators.combine(Arbitraries.integers().between(0, 45), Arbitraries.integers().between(-2, 3),
                Arbitraries.integers().between(0, 999_999)).as(Attempt::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void noStepIsAcceptedTwiceAndAcceptedStepsIncrease(@ForAll("attempts") List<Attempt> attempts) {
        byte[] secret = Totp.newSecret();
        Instant now = Instant.parse("2031-01-01T00:00:00Z");
        Long lastUsed = null;
        List<Long> accepted = new ArrayList<>();
        for (Attempt a : attempts) {
            now = now.plusSeconds(a.advance());
            long current = Totp.step(now);
            String code = a.which() == 3 ? String.format("%06d", a.random()) : Totp.code(secret, current + a.which());
            long step = Totp.matchingStep(secret, code, now, lastUsed);
            if (step >= 0) {
                assertThat(Math.abs(step - current)).isLessThanOrEqualTo(Totp.DRIFT);
                assertThat(Totp.code(secret, step)).isEqualTo(code);
                assertThat(lastUsed == null || step > lastUsed).isTrue();
                lastUsed = step; // what UserTotpMapper.advance stores, only if still greater
                accepted.add(step);
            } else if (Math.abs(a.which()) <= Totp.DRIFT && a.which() != 3) {
                // A fresh code of a step within the drift is refused only because that step is not later.
                assertThat(lastUsed).isNotNull();
                assertThat(current + a.which()).isLessThanOrEqualTo(lastUsed);
            }
        }
        assertThat(accepted).doesNotHaveDuplicates().isSorted();
    }
}
