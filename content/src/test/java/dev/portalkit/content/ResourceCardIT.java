package dev.portalkit.content;

import static dev.portalkit.testing.Queries.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceCardIT extends ContentSuite {

    @RegisterExtension
    static final PortalExtension kit = ContentTests.portal();

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void slugIsUniqueAmongLiveCardsAndReusableAfterSoftDeleteButRestoringThenConflicts() {
        String slug = unique("getting-started");
        ResourceCard first = resources.create(CardInput.of("Getting started", "one").withSlug(slug), ctx);
        long before = number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards");

        assertThatThrownBy(() -> resources.create(CardInput.of("Another", "two").withSlug(slug), ctx))
                .isInstanceOf(SlugTakenException.class)
                .hasMessageContaining("PK-4000");
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards")).isEqualTo(before);

        resources.delete(first.id(), ctx);
        assertThat(resources.find(first.id(), Audience.EDITOR)).isEmpty();
        ResourceCard second = resources.create(CardInput.of("Getting started again", "two").withSlug(slug), ctx);
        assertThat(second.slug()).isEqualTo(slug);

        assertThatThrownBy(() -> resources.restore(first.id(), ctx)).isInstanceOf(SlugTakenException.class);
        assertThat(resources.find(first.id(), Audience.EDITOR)).isEmpty();
        assertThat(resources.findBySlug(slug, Audience.EDITOR)).map(ResourceCard::id).contains(second.id());

        resources.delete(second.id(), ctx);
        ResourceCard restored = resources.restore(first.id(), ctx);
        assertThat(restored.deleted()).isFalse();
        assertThat(resources.findBySlug(slug, Audience.EDITOR)).map(ResourceCard::id).contains(first.id());
        // Only a deleted card can be restored.
        assertThatThrownBy(() -> resources.restore(first.id(), ctx)).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.entity()).isEqualTo("Deleted resource card"));
    }

    @Test
    void changingTheSlugToOneInUseIsAConflictAndChangesNothing() {
        ResourceCard a = resources.create(CardInput.of("A", "a").withSlug(unique("taken")), ctx);
        ResourceCard b = resources.create(CardInput.of("B", "b").withSlug(unique("free")), ctx);
        assertThatThrownBy(() -> resources.update(b.id(), CardInput.from(b).withSlug(a.slug()).withTitle("B2"), b.version(), ctx))
                .isInstanceOfSatisfying(SlugTakenException.class, e -> assertThat(e.field()).isEqualTo("slug"));
        assertThat(resources.find(b.id(), Audience.EDITOR)).contains(b);
    }

    @Test
    void slugIsGeneratedFromTheTitleAndNumberedWhenTaken() {
        String title = "Héllo, Wörld! " + UUID.randomUUID().toString().substring(0, 6);
        ResourceCard a = resources.create(CardInput.of(title, "a"), ctx);
        ResourceCard b = resources.create(CardInput.of(title, "b"), ctx);
        ResourceCard c = resources.create(CardInput.of(title, "c"), ctx);
        assertThat(a.slug()).matches("hello-world-[a-z0-9]+");
        assertThat(b.slug()).isEqualTo(a.slug() + "-2");
        assertThat(c.slug()).isEqualTo(a.slug() + "-3");
        assertThat(resources.create(CardInput.of("🚀🚀", "only emoji"), ctx).slug()).startsWith("card");
    }

    @Test
    void concurrentCreatesWithTheSameTitleAllGetDistinctSlugs() throws Exception {
        String title = unique("Race title");
        List<Race.Outcome<ResourceCard>> outcomes = Race.run(6, () -> resources.create(CardInput.of(title, "x"), ctx));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isInstanceOf(ResourceCard.class));
        assertThat(outcomes.stream().map(o -> o.value().slug()).distinct()).hasSize(6);
    }

    @Test
    void slugIsStableOncePublished() {
        ResourceCard card = resources.create(CardInput.of("Stable", "b").withSlug(unique("stable")), ctx);
        ResourceCard renamed = resources.update(card.id(), CardInput.from(card).withSlug(unique("renamed")), card.version(), ctx);
        ResourceCard published = resources.publish(card.id(), ctx);
        assertThat(published.publishedAt()).isNotNull();
        assertThatThrownBy(() -> resources.update(card.id(), CardInput.from(published).withSlug(unique("other")),
                published.version(), ctx)).isInstanceOf(SlugLockedException.class);
        ResourceCard draft = resources.unpublish(card.id(), ctx);
        assertThat(draft.publishedAt()).isEqualTo(published.publishedAt());
        assertThatThrownBy(() -> resources.update(card.id(), CardInput.from(draft).withSlug(unique("other")),
                draft.version(), ctx)).isInstanceOf(SlugLockedException.class);
        // Other fields still change; the slug stays.
        ResourceCard retitled = resources.update(card.id(), CardInput.from(draft).withTitle("Stable, retitled"), draft.version(), ctx);
        assertThat(retitled.slug()).isEqualTo(renamed.slug());
    }

    @Test
    void staleUpdateIsRefusedWithATypedConflictAndNothingIsOverwritten() {
        ResourceCard v1 = resources.create(CardInput.of("Original", "body one"), ctx);
        ResourceCard v2 = resources.update(v1.id(), CardInput.from(v1).withTitle("First edit"), v1.version(), ctx);
        assertThat(v2.version()).isEqualTo(v1.version() + 1);

        assertThatThrownBy(() -> resources.update(v1.id(), CardInput.from(v1).withTitle("Lost edit"), v1.version(), ctx))
                .isInstanceOf(StaleVersionException.class)
                .hasMessageContaining("PK-1023");
        ResourceCard now = resources.find(v1.id(), Audience.EDITOR).orElseThrow();
        assertThat(now.title()).isEqualTo("First edit");
        assertThat(now.version()).isEqualTo(v2.version());
    }

    @Test
    void ofTwoEditorsUpdatingTheSameVersionAtOnceExactlyOneWins() throws Exception {
        ResourceCard card = resources.create(CardInput.of("Contested", "b"), ctx);
        List<Race.Outcome<ResourceCard>> outcomes = Race.run(6,
                i -> () -> resources.update(card.id(), CardInput.from(card).withTitle("Edit " + i), card.version(), ctx));
        List<ResourceCard> winners = outcomes.stream().filter(o -> !o.failed()).map(Race.Outcome::value).toList();
        assertThat(winners).doesNotContainNull();
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.failedWith(StaleVersionException.class)).hasSize(5);
        ResourceCard now = resources.find(card.id(), Audience.EDITOR).orElseThrow();
        assertThat(now.title()).isEqualTo(winners.get(0).title());
        assertThat(now.version()).isEqualTo(card.version() + 1);
    }

    @Test
    void draftsAndArchivedCardsAreInvisibleToReadersButNotToEditors() {
        String category = "vis-" + UUID.randomUUID().toString().substring(0, 6);
        String word = "zebra" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        ResourceCard draft = resources.create(CardInput.of("Draft card", "about " + word).withCategory(category), ctx);
        ResourceCard pub = resources.create(CardInput.of("Public card", "about " + word).withCategory(category), ctx);
        resources.publish(pub.id(), ctx);

        assertThat(resources.find(draft.id(), Audience.READER)).isEmpty();
        assertThat(resources.findBySlug(draft.slug(), Audience.READER)).isEmpty();
        assertThat(resources.find(draft.id(), Audience.EDITOR)).isPresent();
        assertThat(ids(resources.list(CardQuery.readers().inCategory(category), PageRequest.first(50)))).containsExactly(pub.id());
        assertThat(ids(resources.list(CardQuery.editors().inCategory(category), PageRequest.first(50))))
                .containsExactlyInAnyOrder(pub.id(), draft.id());
        assertThat(resources.search(word, Audience.READER, PageRequest.first(10)).items())
                .extracting(h -> h.card().id()).containsExactly(pub.id());

        resources.archive(pub.id(), ctx);
        assertThat(resources.find(pub.id(), Audience.READER)).isEmpty();
        assertThat(resources.search(word, Audience.READER, PageRequest.first(10)).items()).isEmpty();
        assertThat(resources.search(word, Audience.EDITOR, PageRequest.first(10)).items()).hasSize(2);
    }

    @Test
    void searchFindsAPublishedCardByAWordInItsBodyAndRanksATitleMatchFirst() {
        String word = "quokka" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        ResourceCard inBody = resources.create(CardInput.of("Wildlife notes",
                "The " + word + " lives on Rottnest Island and smiles a lot."), ctx);
        ResourceCard inTitle = resources.create(CardInput.of("All about the " + word, "A small marsupial."), ctx);
        ResourceCard inSummary = resources.create(CardInput.of("Australian fauna", "Kangaroos and more.")
                .withSummary("Includes the " + word), ctx);
        for (ResourceCard c : List.of(inBody, inTitle, inSummary)) {
            resources.publish(c.id(), ctx);
        }
        Page<SearchHit> hits = resources.search(word, Audience.READER, PageRequest.first(10));
        assertThat(hits.items()).extracting(h -> h.card().id()).containsExactly(inTitle.id(), inSummary.id(), inBody.id());
        assertThat(hits.items().get(0).rank()).isGreaterThan(hits.items().get(2).rank());

        // Keyset pages over the ranking give the same order.
        Page<SearchHit> p1 = resources.search(word, Audience.READER, PageRequest.first(2));
        Page<SearchHit> p2 = resources.search(word, Audience.READER, PageRequest.first(2).next(p1));
        assertThat(p1.items()).extracting(h -> h.card().id()).containsExactly(inTitle.id(), inSummary.id());
        assertThat(p2.items()).extracting(h -> h.card().id()).containsExactly(inBody.id());
        assertThat(p2.hasNext()).isFalse();

        // Hostile search text is just words.
        assertThat(resources.search("'); DROP TABLE portal.resource_cards; --", Audience.READER, PageRequest.first(5)).items())
                .isEmpty();
        assertThat(resources.search("\"unclosed & | ! ( :*", Audience.READER, PageRequest.first(5)).items()).isEmpty();
    }

    @Test
    void listsByCategoryAndTagWithKeysetPagination() {
        String category = "cat-" + UUID.randomUUID().toString().substring(0, 6);
        List<UUID> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ResourceCard c = resources.create(CardInput.of("Card " + i, "b").withCategory(category.toUpperCase())
                    .withTags(i % 2 == 0 ? "Even" : "odd", "all").withPosition(i < 3 ? 0 : 1), ctx);
            resources.publish(c.id(), ctx);
            expected.add(c.id());
        }
        assertThat(resources.find(expected.get(0), Audience.READER).orElseThrow().category()).isEqualTo(category);
        List<UUID> seen = new ArrayList<>();
        PageRequest page = PageRequest.first(3);
        int pages = 0;
        while (true) {
            Page<ResourceCard> p = resources.list(CardQuery.readers().inCategory(category), page);
            seen.addAll(ids(p));
            pages++;
            if (!p.hasNext()) {
                break;
            }
            page = page.next(p);
        }
        assertThat(pages).isEqualTo(3);
        // Position first (0 before 1), then newest first.
        assertThat(seen).containsExactly(expected.get(2), expected.get(1), expected.get(0),
                expected.get(6), expected.get(5), expected.get(4), expected.get(3));
        assertThat(ids(resources.list(CardQuery.readers().inCategory(category).taggedWith("even"), PageRequest.first(50))))
                .containsExactlyInAnyOrder(expected.get(0), expected.get(2), expected.get(4), expected.get(6));
        assertThatThrownBy(() -> resources.list(CardQuery.readers(), new PageRequest("bm90LWEtY3Vyc29y", 5)))
                .isInstanceOf(ValidationException.class).matches(e -> ((ValidationException) e).hasError("cursor"));
    }

    @Test
    void badInputIsATypedErrorNamingTheFieldAndWritesNothing() {
        long cards = number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards");
        long audit = number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs");

        assertThatThrownBy(() -> resources.create(CardInput.of("", "body"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("title")).isTrue());
        assertThatThrownBy(() -> resources.create(CardInput.of("   ", "body"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("title")).isTrue());
        assertThatThrownBy(() -> resources.create(CardInput.of("Long slug", "b").withSlug("a".repeat(10_000)), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("slug")).isTrue());
        assertThatThrownBy(() -> resources.create(CardInput.of("Bad slug", "b").withSlug("Not A Slug!"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("slug")).isTrue());
        assertThatThrownBy(() -> resources.create(CardInput.of("Bad url", "b").withCoverImageUrl("javascript:alert(1)"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("coverImageUrl")).isTrue());
        assertThatThrownBy(() -> resources.create(CardInput.of("Bad meta", "b").withMetadata(Map.of("k", "a\0b")), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("metadata")).isTrue());
        // Every failing field at once.
        assertThatThrownBy(() -> resources.create(new CardInput("x".repeat(101), "", null, null, "Bad Category!",
                List.of("ok", "no spaces"), "ftp://x", -1, Map.of()), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(ValidationException.FieldError::field)
                        .contains("slug", "title", "category", "tags", "coverImageUrl", "position"));
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> resources.addStep(unknown, null, StepInput.of("Step", "b"), ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.entity()).isEqualTo("Resource card");
                    assertThat(e.id()).isEqualTo(unknown);
                    assertThat(e.getMessage()).contains("PK-1011", "Resource card " + unknown);
                });
        assertThatThrownBy(() -> resources.update(unknown, CardInput.of("T", "b"), 1, ctx))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.entity()).isEqualTo("Resource card");
                    assertThat(e.id()).isEqualTo(unknown);
                });
        assertThatThrownBy(() -> resources.publish(unknown, ctx)).isInstanceOf(NotFoundException.class);

        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards")).isEqualTo(cards);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs")).isEqualTo(audit);
    }

    @Test
    void hostileTextIsStoredAndReturnedByteForByteAndNulIsRefused() {
        String sql = "Robert'); DROP TABLE portal.resource_cards;-- \\ $$ ${schema}";
        String html = "<script>alert('x')</script><img src=x onerror=alert(1)> &amp; \"quoted\"";
        String emoji = "Rocket 🚀 family 👨‍👩‍👧 flags 🇳🇿 combining é and RTL ‮abc";
        ResourceCard card = resources.create(new CardInput(null, sql, html, emoji + "\n" + sql, null, List.of(), null, 0,
                Map.of("note", html, "nested", Map.of("emoji", emoji))), ctx);
        ResourceCard read = resources.find(card.id(), Audience.EDITOR).orElseThrow();
        assertThat(read.title()).isEqualTo(sql);
        assertThat(read.summary()).isEqualTo(html);
        assertThat(read.body()).isEqualTo(emoji + "\n" + sql);
        assertThat(read.metadata()).containsEntry("note", html).containsEntry("nested", Map.of("emoji", emoji));
        ResourceStep step = resources.addStep(card.id(), null, StepInput.of(emoji, html), ctx);
        assertThat(resources.steps(card.id(), Audience.EDITOR)).containsExactly(step);
        assertThat(step.title()).isEqualTo(emoji);
        assertThat(step.body()).isEqualTo(html);

        assertThatThrownBy(() -> resources.create(CardInput.of("Nul", "before\0after"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("body")).isTrue());
        assertThatThrownBy(() -> resources.addStep(card.id(), null, StepInput.of("a\0b", "b"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("title")).isTrue());
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards WHERE title = ?", sql)).isEqualTo(1);
    }

    @Test
    void theLongestBodyIsStoredAndSearchableAndOneMoreCharacterIsRefused() {
        String word = "ocelot" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 100_000 - word.length() - 12; i++) {
            b.append("w").append(i).append(' ');
        }
        b.append(word).append(' ');
        String body = b + "x".repeat(100_000 - b.length());
        assertThat(body).hasSize(100_000);
        ResourceCard card = resources.create(CardInput.of("Long read", body), ctx);
        resources.publish(card.id(), ctx);
        assertThat(resources.find(card.id(), Audience.READER).orElseThrow().body()).isEqualTo(body);
        assertThat(resources.search(word, Audience.READER, PageRequest.first(5)).items())
                .extracting(h -> h.card().id()).containsExactly(card.id());
        assertThatThrownBy(() -> resources.create(CardInput.of("Too long", body + "y"), ctx))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("body")).isTrue());
    }

    @Test
    void aCardSurvivesItsAuthorsRemovalAndEveryChangeIsAudited() {
        User author = ContentTests.user(portal, "Temporary");
        ResourceCard card = resources.create(CardInput.of("Orphan to be", "b"), ContentTests.as(author));
        assertThat(card.authorId()).isEqualTo(author.id());
        resources.publish(card.id(), ctx);
        resources.delete(card.id(), ctx);
        resources.restore(card.id(), ctx);
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.activity_logs WHERE entity_id = ? AND action IN "
                + "('resource_card.created', 'resource_card.published', 'resource_card.deleted', 'resource_card.restored')",
                card.id())).isEqualTo(4);

        ContentTests.execute(portal, "DELETE FROM portal.users WHERE id = ?", author.id());
        ResourceCard after = resources.find(card.id(), Audience.READER).orElseThrow();
        assertThat(after.authorId()).isNull();
        assertThat(after.title()).isEqualTo("Orphan to be");
    }

    @Test
    void callsInsideAHostTransactionCommitOrRollBackTogether() {
        String slug = unique("together");
        assertThatThrownBy(() -> portal.inTransaction(() -> {
            ResourceCard card = resources.create(CardInput.of("Together", "b").withSlug(slug), ctx);
            resources.addStep(card.id(), null, StepInput.of("One", "b"), ctx);
            resources.addStep(card.id(), 5, StepInput.of("Out of range", "b"), ctx);
        })).isInstanceOf(ValidationException.class);
        assertThat(resources.findBySlug(slug, Audience.EDITOR)).isEmpty();
        assertThat(number(portal.dataSource(), "SELECT count(*) FROM portal.resource_cards WHERE slug = ?", slug)).isZero();
    }

    @Test
    void anUnknownActorIsATypedErrorNotAForeignKeyFailure() {
        CallContext stranger = CallContext.of(UUID.randomUUID(), null, null);
        assertThatThrownBy(() -> resources.create(CardInput.of("By nobody", "b"), stranger))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("context.actorId")).isTrue());
        // A system call has no author.
        assertThat(resources.create(CardInput.of("By the system", "b"), CallContext.system("import")).authorId()).isNull();
    }

    @Test
    void searchAndTagFiltersCanUseTheirGinIndexes() throws Exception {
        // As the owner: only a table's owner may ANALYZE it (PORTALKIT_TEST_ROLES=split).
        try (java.sql.Connection c = kit.database().directDataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // Enough varied rows for real statistics; rolled back at the end.
            s.execute("INSERT INTO portal.resource_cards (slug, title, body, tags) SELECT 'gin-test-' || i, 'Card ' || i,"
                    + " 'word' || i, ARRAY['tag' || (i % 100)] FROM generate_series(1, 2000) AS i");
            s.execute("ANALYZE portal.resource_cards");
            s.execute("SET LOCAL enable_seqscan = off");
            assertThat(plan(s, "SELECT id FROM portal.resource_cards WHERE search_vector @@ websearch_to_tsquery('simple', 'word77')"))
                    .contains("resource_cards_search_idx");
            assertThat(plan(s, "SELECT id FROM portal.resource_cards WHERE deleted_at IS NULL AND tags @> ARRAY['tag7']"))
                    .contains("resource_cards_tags_idx");
            c.rollback();
        }
    }

    private static String plan(java.sql.Statement s, String sql) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
            }
        }
        return b.toString();
    }

    private static List<UUID> ids(Page<ResourceCard> page) {
        return page.items().stream().map(ResourceCard::id).toList();
    }
}
