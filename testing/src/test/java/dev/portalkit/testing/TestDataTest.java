package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestDataTest {

    @Test
    void anEmailIsTheNameADashEightHexDigitsAndExampleCom() {
        assertThat(TestData.email("ann")).matches("ann-[0-9a-f]{8}@example\\.com");
        assertThat(TestData.email("Ann.B_c+d-e1")).matches("Ann\\.B_c\\+d-e1-[0-9a-f]{8}@example\\.com");
    }

    @Test
    void emailsNeverRepeatInAJvmAcrossThreads() {
        List<Race.Outcome<Set<String>>> outcomes = Race.run(4, () -> {
            Set<String> mine = new HashSet<>();
            for (int i = 0; i < 50_000; i++) {
                mine.add(TestData.email("u"));
            }
            return mine;
        });
        Set<String> all = new HashSet<>();
        outcomes.forEach(o -> all.addAll(o.value()));
        assertThat(all).hasSize(200_000);
    }

    @Test
    void aNameThatCannotStartAnAddressIsRefused() {
        for (String bad : new String[] {null, "", "ann smith", "a@b", "ann\n"}) {
            assertThatThrownBy(() -> TestData.email(bad)).as("%s", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("letters, digits");
        }
    }
}
