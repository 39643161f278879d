package dev.portalkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.internal.SchemaManifest.Entry;
import dev.portalkit.core.internal.SchemaManifest.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaManifestTest {

    @Test
    void everyKindOfEntryReadsBackFromItsLine() {
        List<Entry> entries = List.of(
                new Entry(Kind.EXTENSION, null, "btree_gist", Set.of()),
                new Entry(Kind.CONSTRAINT, "bookings", "bookings_no_overlap", Set.of("btree_gist")),
                new Entry(Kind.CONSTRAINT, "t", "t_x", Set.of("pg_trgm", "btree_gist")),
                new Entry(Kind.INDEX, "users", "users_email_live_idx", Set.of()),
                new Entry(Kind.TRIGGER, "nav_items", "nav_items_touch", Set.of()));
        for (Entry e : entries) {
            assertThat(Entry.parse(e.line(), "test")).as(e.line()).isEqualTo(e);
        }
        assertThat(entries.get(2).line()).isEqualTo("constraint t.t_x needs btree_gist,pg_trgm");
        assertThat(entries.get(1).describe("tenant_a")).isEqualTo("constraint bookings_no_overlap on tenant_a.bookings");
        assertThat(entries.get(0).describe("tenant_a")).isEqualTo("extension btree_gist");
    }

    @Test
    void aMalformedLineIsRefusedNamingTheFile() {
        for (String bad : List.of("constraint", "index users_idx", "trigger t.x extra", "view t.v", "constraint t.x needs")) {
            assertThatThrownBy(() -> Entry.parse(bad, "dev/x/db/schema-manifest.txt")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dev/x/db/schema-manifest.txt");
        }
    }

    @Test
    void theManifestOfAModuleLiesBesideItsMigrationFolder() {
        assertThat(SchemaManifest.resource(new CoreModule())).isEqualTo("dev/portalkit/core/db/schema-manifest.txt");
        assertThat(SchemaManifest.read(new CoreModule())).extracting(Entry::line).contains("constraint nav_items.nav_items_pkey");
    }
}
