package dev.portalkit.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.spi.Validation;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void slugsComeFromTitlesAsLowercaseAsciiWords() {
        assertThat(Checks.slugOf("Getting Started")).isEqualTo("getting-started");
        assertThat(Checks.slugOf("  Crème brûlée: 10 steps!  ")).isEqualTo("creme-brulee-10-steps");
        assertThat(Checks.slugOf("Ünïcödé -- ǅ")).isEqualTo("unicode-dz");
        assertThat(Checks.slugOf("日本語")).isEqualTo("card");
        assertThat(Checks.slugOf("'; DROP TABLE x; --")).isEqualTo("drop-table-x");
        String longSlug = Checks.slugOf("word ".repeat(100));
        assertThat(longSlug.length()).isLessThanOrEqualTo(80);
        assertThat(longSlug).matches(Checks.SLUG.pattern());
    }

    @Test
    void urlsArePathsOrHttpOnly() {
        assertThat(valid(v -> Checks.url(v, "u", "/images/a.png"))).isTrue();
        assertThat(valid(v -> Checks.url(v, "u", "https://cdn.example.com/a.png?x=1"))).isTrue();
        assertThat(valid(v -> Checks.url(v, "u", "javascript:alert(1)"))).isFalse();
        assertThat(valid(v -> Checks.url(v, "u", "//evil.example/a"))).isFalse();
        assertThat(valid(v -> Checks.url(v, "u", "data:text/html,<b>"))).isFalse();
        assertThat(valid(v -> Checks.url(v, "u", "/a b"))).isFalse();
        assertThat(valid(v -> Checks.url(v, "u", "/" + "a".repeat(2000)))).isFalse();
    }

    @Test
    void emailsArePlainAddresses() {
        assertThat(valid(v -> Checks.email(v, "e", "ann@example.com"))).isTrue();
        assertThat(valid(v -> Checks.email(v, "e", "ann.o+tag@sub.example.co.uk"))).isTrue();
        assertThat(valid(v -> Checks.email(v, "e", "ann@localhost"))).isFalse();
        assertThat(valid(v -> Checks.email(v, "e", "<ann@example.com>"))).isFalse();
        assertThat(valid(v -> Checks.email(v, "e", "ann@exa mple.com"))).isFalse();
    }

    private static boolean valid(java.util.function.Consumer<Validation> check) {
        Validation v = new Validation();
        check.accept(v);
        return v.valid();
    }
}
