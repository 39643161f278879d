package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CapturedErrAndTextIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    @Test
    void capturesWhatIsWrittenWhileOpenAndRestoresTheStream() {
        var before = System.err;
        String text;
        try (CapturedErr err = CapturedErr.start()) {
            System.err.println("inside the capture \u00e9");
            text = err.text();
        }
        System.err.println("after the capture");
        assertThat(System.err).isSameAs(before);
        assertThat(text).contains("inside the capture \u00e9").doesNotContain("after the capture");
    }

    @Test
    void nestedCapturesRestoreInOrder() {
        var before = System.err;
        try (CapturedErr outer = CapturedErr.start()) {
            try (CapturedErr inner = CapturedErr.start()) {
                System.err.println("both see this");
                assertThat(inner.text()).contains("both see this");
            }
            assertThat(outer.text()).contains("both see this");
        }
        assertThat(System.err).isSameAs(before);
    }

    @Test
    void withOutCopiesBothStreamsIntoOneBufferAndRestoresBoth() {
        var err = System.err;
        var out = System.out;
        String text;
        try (CapturedErr both = CapturedErr.startWithOut()) {
            System.out.println("on out");
            System.err.println("on err");
            text = both.text();
        }
        System.out.println("out after the capture");
        assertThat(System.err).isSameAs(err);
        assertThat(System.out).isSameAs(out);
        assertThat(text).contains("on out", "on err").doesNotContain("after the capture");
        try (CapturedErr errOnly = CapturedErr.start()) {
            System.out.println("only on out");
            assertThat(errOnly.text()).doesNotContain("only on out");
        }
    }

    @Test
    void everyTextReadsEveryTextLikeColumnOfEveryTable() throws Exception {
        // As the owner: with PORTALKIT_TEST_ROLES=split the runtime role may not create tables.
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE portal.kit_probe (t text, b bytea, j jsonb, a text[], n int)");
            s.execute("INSERT INTO portal.kit_probe VALUES ('plain-secret', '\\xcafe', '{\"k\": \"json-secret\"}', '{arr-secret}', 7)");
        }
        String text = Queries.everyText(kit.database().directDataSource(), "portal");
        assertThat(text).contains("kit_probe.t=plain-secret", "kit_probe.b=cafe", "json-secret", "kit_probe.a={arr-secret}")
                .doesNotContain("kit_probe.n=");
    }
}
