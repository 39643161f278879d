package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContentSchemaIT {

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal();

    static final String TABLES = "('resource_cards', 'resource_steps', 'timeline_items', 'form_submissions', 'resource_card_versions')";

    private List<String> rows(String sql) {
        return Queries.column(kit.portal().dataSource(), sql);
    }

    @Test
    void everyForeignKeyLeadsAnIndex() {
        assertThat(rows("""
                SELECT con.conname FROM pg_constraint con
                  JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE con.contype = 'f' AND n.nspname = 'portal'
                   AND t.relname IN ('resource_cards', 'resource_steps', 'timeline_items', 'form_submissions', 'resource_card_tags',
                                     'resource_card_versions')
                   AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indkey[0] = con.conkey[1])
                """)).isEmpty();
    }

    @Test
    void everyTableKeepsUpdatedAtByTrigger() {
        assertThat(rows("""
                SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE n.nspname = 'portal' AND t.relname IN """ + TABLES + """
                   AND EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = t.oid AND g.tgname = t.relname || '_touch')
                """)).containsExactlyInAnyOrder("resource_cards", "resource_steps", "timeline_items", "form_submissions",
                        "resource_card_versions");
    }

    @Test
    void theModuleHasItsOwnMigrationHistory() {
        assertThat(rows("SELECT description FROM portal.portalkit_content_history WHERE success AND type = 'SQL' ORDER BY installed_rank"))
                .containsExactly("content tables", "resource card tags", "card schedule and versions",
                        "resource cards publish due idx", "resource cards unpublish due idx",
                        "resource cards schedule order validate");
    }
}
