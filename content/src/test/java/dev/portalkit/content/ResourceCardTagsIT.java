package dev.portalkit.content;

import static dev.portalkit.content.ContentTests.execute;
import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.WireCounter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists by tag read resource_card_tags (V2), kept in step with resource_cards by triggers: the
 * plans (EXPLAIN of the very SQL the service sent, never timings) and the list following every
 * change of a card, PortalKit's or a host's own SQL, also under racing writers.
 */
class ResourceCardTagsIT extends ContentSuite {

    private static final StatementLog log = WireCounter.statementLog();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PortalExtension kit = ContentTests.recorded(log);

    /** resource_card_tags minus what it should hold (one row per distinct tag of each live card), and the reverse. */
    private static final String OUT_OF_STEP = """
            WITH expected AS (SELECT DISTINCT c.id AS card_id, tag, c.status, c.category, c.position, c.created_at
                                FROM portal.resource_cards c, unnest(c.tags) AS tag WHERE c.deleted_at IS NULL),
                 actual AS (SELECT card_id, tag, status, category, position, created_at FROM portal.resource_card_tags)
            SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) AS missing)
                 + (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) AS extra)
            """;

    // ------------------------------------------------------------------------------------- plans

    @Test
    void aTagListIsARangeScanOfOnePageWhereverItsCardsSitInTheList() throws Exception {
        // 20,000 cards: every one tagged "common" and one of t0..t99; the last 40 (4 of them drafts)
        // tagged "rare" and placed after all the others, where the old plan (list index in list order,
        // filtering tags @> ARRAY[tag]) read the whole table before its first match. created_at
        // repeats in threes, so the id decides between them.
        execute(portal, """
                INSERT INTO portal.resource_cards (slug, title, body, category, tags, status, published_at, position, created_at)
                SELECT 'load-' || g, 'Card ' || g, 'Body of card ' || g, CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END,
                       CASE WHEN g > 19960 THEN ARRAY['common', 'rare'] ELSE ARRAY['common', 't' || (g % 100)] END,
                       CASE WHEN g % 10 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END,
                       CASE WHEN g % 10 = 0 THEN NULL ELSE now() END,
                       CASE WHEN g > 19960 THEN 1000 ELSE g % 50 END,
                       timestamptz '2026-01-01 00:00Z' + (g / 3) * interval '1 second'
                  FROM generate_series(1, 20000) AS g
                """);
        // As the owner: only a table's owner may ANALYZE it (PORTALKIT_TEST_ROLES=split).
        try (Connection c = kit.database().directDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE portal.resource_cards");
            st.execute("ANALYZE portal.resource_card_tags");
        }
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_tags WHERE tag = 'rare'")).isEqualTo(40);

        String published = "resource_card_tags_published_idx";
        String all = "resource_card_tags_list_idx";
        // Every page of the rare tag, readers: 36 cards in pages of 10.
        assertPagesAndPlans(CardQuery.readers().taggedWith("rare"), 10, published, 11);
        // Editors see the 4 drafts too, through the index of every live card.
        assertPagesAndPlans(CardQuery.editors().taggedWith("rare"), 10, all, 11);
        // An editor asking for PUBLISHED reads what readers read.
        assertPagesAndPlans(CardQuery.editors().taggedWith("rare").withStatus(CardStatus.PUBLISHED), 10, published, 11);
        // Other filters are checked on the tag's rows (at most its 40 rows are read).
        assertPagesAndPlans(CardQuery.readers().taggedWith("rare").inCategory("even"), 7, published, 40);
        assertPagesAndPlans(CardQuery.editors().taggedWith("rare").withStatus(CardStatus.DRAFT), 3, all, 40);

        // A common tag (18,000 published cards): the first page, and a page deep in the list whose
        // cursor is the 15,000th card: the scan starts at the cursor (an index condition).
        CardQuery common = CardQuery.readers().taggedWith("common");
        List<UUID> expected = reference(common);
        assertThat(expected).hasSize(18_000);
        assertThat(ids(resources.list(common, PageRequest.first(20)))).isEqualTo(expected.subList(0, 20));
        assertPlans(log.last(this::isTagList), published, 21, false);
        ResourceCard at = resources.find(expected.get(14_999), Audience.READER).orElseThrow();
        String cursor = Cursors.encode(at.position(), at.createdAt(), at.id());
        assertThat(ids(resources.list(common, new PageRequest(cursor, 20)))).isEqualTo(expected.subList(15_000, 15_020));
        assertPlans(log.last(this::isTagList), published, 21, true);
    }

    /**
     * Walks every page: together they are the old query's answer, and each page's statement plans as
     * a range scan reading at most {@code maxRowsRead} tag rows.
     */
    private void assertPagesAndPlans(CardQuery q, int limit, String index, int maxRowsRead) throws Exception {
        List<UUID> expected = reference(q);
        assertThat(expected).isNotEmpty();
        List<UUID> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(limit);
        while (true) {
            log.clear();
            Page<ResourceCard> p = resources.list(q, page);
            seen.addAll(ids(p));
            assertPlans(log.last(this::isTagList), index, maxRowsRead, page.cursor() != null);
            if (!p.hasNext()) {
                break;
            }
            page = page.next(p);
        }
        assertThat(seen).as("pages of %s", q).isEqualTo(expected);
    }

    private boolean isTagList(String sql) {
        return sql.contains("resource_card_tags") && sql.contains("LIMIT");
    }

    /**
     * The plan for the values sent (EXPLAIN ANALYZE) and the generic plan (what a prepared statement
     * may switch to): the tag index scanned backwards in list order, from the cursor when there is
     * one, the cards by primary key; no sequential scan, no sort, none of resource_cards' list indexes.
     * With ANALYZE, at most {@code maxRowsRead} rows come out of the tag index.
     */
    private void assertPlans(StatementLog.Sent st, String index, int maxRowsRead, boolean fromCursor) throws Exception {
        JsonNode analysed;
        try (Connection c = kit.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + st.sql())) {
            st.bind(ps);
            analysed = plan(ps.executeQuery());
        }
        List<JsonNode> plans = new ArrayList<>(List.of(analysed));
        // GENERIC_PLAN takes $n placeholders with no values bound: only the simple query protocol sends
        // that, and only PostgreSQL 16 and later have it (CI also runs on 15).
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        if (kit.database().username() != null) {
            simple.setProperty("user", kit.database().username());
        }
        if (kit.database().password() != null) {
            simple.setProperty("password", kit.database().password());
        }
        try (Connection c = DriverManager.getConnection(kit.database().jdbcUrl(), simple); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 16) {
                plans.add(plan(s.executeQuery("EXPLAIN (GENERIC_PLAN, FORMAT JSON) " + st.numbered())));
            }
        }
        for (JsonNode plan : plans) {
            List<JsonNode> nodes = new ArrayList<>();
            collect(plan.get(0).get("Plan"), nodes);
            String shown = plan.toPrettyString();
            assertThat(nodes).as(shown).noneMatch(n -> n.path("Node Type").asText().contains("Seq Scan"))
                    .noneMatch(n -> n.path("Node Type").asText().contains("Sort"))
                    .noneMatch(n -> Set.of("resource_cards_list_idx", "resource_cards_tags_idx", "resource_cards_category_idx")
                            .contains(n.path("Index Name").asText()));
            JsonNode tags = nodes.stream().filter(n -> n.path("Relation Name").asText().equals("resource_card_tags"))
                    .findFirst().orElseThrow(() -> new AssertionError("no scan of resource_card_tags in " + shown));
            assertThat(tags.path("Index Name").asText()).as(shown).isEqualTo(index);
            assertThat(tags.path("Scan Direction").asText()).as(shown).isEqualTo("Backward");
            assertThat(tags.path("Index Cond").asText()).as(shown).contains("tag = ");
            if (fromCursor) {
                assertThat(tags.path("Index Cond").asText()).as(shown).contains("ROW((- \"position\"), created_at, card_id) < ");
            }
            assertThat(nodes).as(shown).filteredOn(n -> n.path("Relation Name").asText().equals("resource_cards"))
                    .singleElement().satisfies(n -> assertThat(n.path("Index Name").asText()).isEqualTo("resource_cards_pkey"));
            if (plan == analysed) {
                long read = tags.path("Actual Rows").asLong() * tags.path("Actual Loops").asLong()
                        + tags.path("Rows Removed by Filter").asLong();
                assertThat(read).as(shown).isLessThanOrEqualTo(maxRowsRead);
            }
        }
    }

    private static JsonNode plan(ResultSet rs) throws Exception {
        try (rs) {
            rs.next();
            return JSON.readTree(rs.getString(1));
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }

    // ---------------------------------------------------------------------------- following changes

    @Test
    void theTagListFollowsEveryChangeOfACard() {
        String tag = tag("follow");
        ResourceCard a = resources.create(CardInput.of("A", "a").withTags(tag).withPosition(1), ctx);
        ResourceCard b = resources.create(CardInput.of("B", "b").withTags(tag, "other").withPosition(2), ctx);
        ResourceCard c = resources.create(CardInput.of("C", "c").withTags("other").withPosition(0), ctx);
        CardQuery readers = CardQuery.readers().taggedWith(tag);
        CardQuery editors = CardQuery.editors().taggedWith(tag);
        assertThat(list(readers)).isEmpty(); // drafts
        assertThat(list(editors)).containsExactly(a.id(), b.id());

        resources.publish(a.id(), ctx);
        resources.publish(b.id(), ctx);
        resources.publish(c.id(), ctx);
        assertThat(list(readers)).containsExactly(a.id(), b.id());

        // Tag added (c is placed first).
        c = resources.update(c.id(), CardInput.from(current(c)).withTags("other", tag.toUpperCase()), current(c).version(), ctx);
        assertThat(list(readers)).containsExactly(c.id(), a.id(), b.id());
        // Tag removed.
        a = resources.update(a.id(), CardInput.from(a).withTags("other"), current(a).version(), ctx);
        assertThat(list(readers)).containsExactly(c.id(), b.id());
        assertThat(list(CardQuery.readers().taggedWith("other"))).contains(a.id(), b.id(), c.id());
        // Unpublished: gone for readers, there for editors.
        resources.unpublish(b.id(), ctx);
        assertThat(list(readers)).containsExactly(c.id());
        assertThat(list(editors)).containsExactly(c.id(), b.id());
        assertThat(list(editors.withStatus(CardStatus.DRAFT))).containsExactly(b.id());
        // Archived.
        resources.archive(c.id(), ctx);
        assertThat(list(readers)).isEmpty();
        assertThat(list(editors.withStatus(CardStatus.ARCHIVED))).containsExactly(c.id());
        resources.publish(b.id(), ctx);
        resources.publish(c.id(), ctx);
        assertThat(list(readers)).containsExactly(c.id(), b.id());
        // Position changed: b moves before c; at equal positions the newer card (c) comes first.
        b = resources.update(b.id(), CardInput.from(current(b)).withPosition(0), current(b).version(), ctx);
        assertThat(list(readers)).containsExactly(c.id(), b.id());
        b = resources.update(b.id(), CardInput.from(b).withPosition(0).withCategory("moved"), b.version(), ctx);
        c = resources.update(c.id(), CardInput.from(current(c)).withPosition(3), current(c).version(), ctx);
        assertThat(list(readers)).containsExactly(b.id(), c.id());
        assertThat(list(readers.inCategory("moved"))).containsExactly(b.id());
        // Soft-deleted, then restored.
        resources.delete(b.id(), ctx);
        assertThat(list(readers)).containsExactly(c.id());
        assertThat(list(editors)).containsExactly(c.id());
        resources.restore(b.id(), ctx);
        assertThat(list(readers)).containsExactly(b.id(), c.id());
        assertThat(list(readers.inCategory("moved"))).containsExactly(b.id());
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();
    }

    @Test
    void aHostsOwnSqlIsFollowedToo() {
        String tag = tag("host");
        // A bulk insert: duplicate tags, a deleted card, an untagged one.
        execute(portal, """
                INSERT INTO portal.resource_cards (slug, title, tags, status, published_at, position, deleted_at)
                SELECT ? || '-' || g, 'Host ' || g, CASE WHEN g = 3 THEN '{}' ELSE ARRAY[?, ?, 'x'] END, 'PUBLISHED', now(), g,
                       CASE WHEN g = 4 THEN now() END
                  FROM generate_series(1, 5) AS g
                """, tag, tag, tag);
        assertThat(list(CardQuery.readers().taggedWith(tag))).hasSize(3);
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();

        // Several rows in one UPDATE, tags rewritten, a card restored by hand, one removed for good.
        execute(portal, "UPDATE portal.resource_cards SET tags = array_remove(tags, 'x') || ARRAY['y'], position = 10 - position"
                + " WHERE slug LIKE ? || '-%'", tag);
        execute(portal, "UPDATE portal.resource_cards SET deleted_at = NULL, status = 'DRAFT' WHERE slug = ? || '-4'", tag);
        execute(portal, "UPDATE portal.resource_cards SET tags = ARRAY[?] WHERE slug = ? || '-3'", tag, tag);
        execute(portal, "DELETE FROM portal.resource_cards WHERE slug = ? || '-1'", tag);
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_tags WHERE tag = ?", tag)).isEqualTo(4);
        assertThat(list(CardQuery.readers().taggedWith(tag))).hasSize(3);
        assertThat(list(CardQuery.editors().taggedWith(tag))).hasSize(4);

        // An upsert: its update part changes the tags of the card that holds the slug.
        execute(portal, "INSERT INTO portal.resource_cards (slug, title, tags) VALUES (? || '-2', 'Again', ARRAY['z'])"
                + " ON CONFLICT (slug) WHERE deleted_at IS NULL DO UPDATE SET tags = excluded.tags", tag);
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_card_tags WHERE tag = ?", tag)).isEqualTo(3);
    }

    @Test
    void racingWritersLeaveTheTagRowsInStep() throws Exception {
        String tag = tag("race");
        List<UUID> cards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ResourceCard card = resources.create(CardInput.of("Raced " + i, "r").withTags(tag), ctx);
            resources.publish(card.id(), ctx);
            cards.add(card.id());
        }
        String[] changes = {
            "UPDATE portal.resource_cards SET tags = ARRAY[?::text, 'r1'] WHERE id = ?",
            "UPDATE portal.resource_cards SET tags = ARRAY['r2'] || ?::text WHERE id = ?",
            "UPDATE portal.resource_cards SET tags = '{}' WHERE id = ? AND ? IS NOT NULL",
            "UPDATE portal.resource_cards SET status = CASE status WHEN 'PUBLISHED' THEN 'DRAFT' ELSE 'PUBLISHED' END"
                    + " WHERE id = ? AND ? IS NOT NULL",
            "UPDATE portal.resource_cards SET position = position + 1, category = 'c' || position WHERE id = ? AND ? IS NOT NULL",
            "UPDATE portal.resource_cards SET deleted_at = CASE WHEN deleted_at IS NULL THEN now() END WHERE id = ? AND ? IS NOT NULL",
        };
        List<Race.Outcome<ResourceCard>> outcomes = Race.run(6, () -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 40; i++) {
                String sql = changes[r.nextInt(changes.length)];
                UUID id = cards.get(r.nextInt(cards.size()));
                if (sql.startsWith("UPDATE portal.resource_cards SET tags = ARRAY")) {
                    execute(portal, sql, tag, id);
                } else {
                    execute(portal, sql, id, tag);
                }
            }
            // Creates race the updates too (the statement trigger).
            return resources.create(CardInput.of("Raced new", "r").withTags(tag, "r1"), ctx);
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isInstanceOf(ResourceCard.class));
        assertThat(number(portal.dataSource(), OUT_OF_STEP)).isZero();
        assertThat(list(CardQuery.editors().taggedWith(tag))).isEqualTo(reference(CardQuery.editors().taggedWith(tag)));
        assertThat(list(CardQuery.readers().taggedWith(tag))).isEqualTo(reference(CardQuery.readers().taggedWith(tag)));
    }

    @Test
    void cursorsAtTheEndsOfThePositionRangeAnswerAsBefore() {
        String tag = tag("ends");
        ResourceCard card = resources.create(CardInput.of("Ends", "e").withTags(tag), ctx);
        CardQuery q = CardQuery.editors().taggedWith(tag);
        // Not cursors a page returns, but decodable ones: the negated position must not overflow.
        String before = Cursors.encode(Integer.MIN_VALUE, card.createdAt(), card.id());
        String after = Cursors.encode(Integer.MAX_VALUE, card.createdAt(), card.id());
        assertThat(ids(resources.list(q, new PageRequest(before, 5)))).containsExactly(card.id());
        assertThat(ids(resources.list(q, new PageRequest(after, 5)))).isEmpty();
    }

    // ------------------------------------------------------------------------------------- helpers

    private static String tag(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ResourceCard current(ResourceCard card) {
        return resources.find(card.id(), Audience.EDITOR).orElseThrow();
    }

    /** Every page (of 2, so the cursor is used), checked against the old query's answer. */
    private List<UUID> list(CardQuery q) {
        List<UUID> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(2);
        while (true) {
            Page<ResourceCard> p = resources.list(q, page);
            seen.addAll(ids(p));
            if (!p.hasNext()) {
                break;
            }
            page = page.next(p);
        }
        assertThat(seen).as("the list of %s", q).isEqualTo(reference(q));
        return seen;
    }

    /** The answer of the query lists ran before V2, straight from resource_cards. */
    private List<UUID> reference(CardQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id FROM portal.resource_cards WHERE deleted_at IS NULL"
                + " AND tags @> ARRAY[CAST(? AS text)]");
        List<Object> params = new ArrayList<>(List.of(q.tag().toLowerCase()));
        if (q.audience() == Audience.READER) {
            sql.append(" AND status = 'PUBLISHED'");
        } else if (q.status() != null) {
            sql.append(" AND status = ?");
            params.add(q.status().name());
        }
        if (q.category() != null) {
            sql.append(" AND category = ?");
            params.add(q.category());
        }
        sql.append(" ORDER BY position, created_at DESC, id DESC");
        List<UUID> out = new ArrayList<>();
        try (Connection c = kit.database().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<UUID> ids(Page<ResourceCard> page) {
        return page.items().stream().map(ResourceCard::id).toList();
    }
}
