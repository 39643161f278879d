package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The version history property of issue #21: random sequences of card edits, step adds, updates, moves,
 * removes, reorders and restores of random versions, on one card. Invariants, after every action:
 * <pre>
 *   the card's versions are numbered exactly 1..n (no gap, no duplicate), n = 1 + the changes made;
 *   the newest version's snapshot is the card (editable fields) and its steps as they are now;
 *   after restoreVersion(k): the card and its steps equal version k's snapshot, and so does the new version's.
 * </pre>
 */
class VersionHistoryPropertyIT {

    static TestDatabase db;
    static Portal portal;
    static CallContext who;

    @BeforeContainer
    static void start() {
        AuthModule auth = new AuthModule(AuthOptions.builder().bcryptCost(4).build());
        ContentModule content = new ContentModule();
        db = TestDatabases.migrated("portal", List.of(auth, content));
        portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(MigrationMode.NONE).minimumIdle(0).install(auth, content).build();
        User editor = portal.service(UserService.class).register(NewUser.member(TestData.email("prop"), ContentTests.PASSWORD,
                "Prop Editor"), ContentTests.VISITOR);
        who = CallContext.of(editor.id(), "203.0.113.9", "property");
    }

    @AfterContainer
    static void stop() {
        portal.close();
        TestDatabases.server().dropDatabase(db.name());
    }

    static ResourceService resources() {
        return portal.service(ResourceService.class);
    }

    @Property(tries = 40)
    void restoringVersionKYieldsExactlyItsSnapshotAndNumbersHaveNoGaps(@ForAll("chains") ActionChain<Card> chain) {
        chain.withInvariant("versions", Card::check).run();
    }

    @Provide
    Arbitrary<ActionChain<Card>> chains() {
        Arbitrary<Integer> r = Arbitraries.integers().between(0, 1_000);
        Arbitrary<String> words = Arbitraries.strings().withChars("abcdé <>'\"%_\\").ofMinLength(1).ofMaxLength(12);
        return ActionChain.startWith(Card::new)
                .withAction(4, action(words.map(w -> Transformer.mutate("edit title/body " + w, c -> c.edit(w)))))
                .withAction(1, action(r.map(n -> Transformer.mutate("change slug " + n, c -> c.slug(n)))))
                .withAction(5, action(r.map(n -> Transformer.mutate("add step " + n, c -> c.add(n)))))
                .withAction(3, action(r.map(n -> Transformer.mutate("update step " + n, c -> c.updateStep(n)))))
                .withAction(3, action(r.map(n -> Transformer.mutate("move step " + n, c -> c.move(n)))))
                .withAction(2, action(r.map(n -> Transformer.mutate("remove step " + n, c -> c.remove(n)))))
                .withAction(1, action(r.map(n -> Transformer.mutate("reorder steps " + n, c -> c.reorder(n)))))
                .withAction(4, action(r.map(n -> Transformer.mutate("restore version " + n, c -> c.restore(n)))))
                .withMaxTransformations(25);
    }

    private static Action.Independent<Card> action(Arbitrary<Transformer<Card>> transformers) {
        return () -> transformers;
    }

    /** One card under test; counts the changes it made. */
    static final class Card {
        final UUID id;
        final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        int changes;

        Card() {
            id = resources().create(CardInput.of("Card", "start").withSlug(prefix), who).id();
            changes = 1;
        }

        ResourceCard card() {
            return resources().find(id, Audience.EDITOR).orElseThrow();
        }

        List<ResourceStep> stepRows() {
            return resources().steps(id, Audience.EDITOR);
        }

        List<StepInput> steps() {
            return stepRows().stream().map(s -> new StepInput(s.title(), s.body(), s.estimatedMinutes(), s.mediaUrl())).toList();
        }

        void edit(String w) {
            ResourceCard c = card();
            resources().update(id, CardInput.from(c).withTitle("T " + w).withBody(c.body() + w), c.version(), who);
            changes++;
        }

        void slug(int n) {
            ResourceCard c = card();
            resources().update(id, CardInput.from(c).withSlug(prefix + "-" + n), c.version(), who);
            changes++;
        }

        void add(int n) {
            int size = stepRows().size();
            resources().addStep(id, n % (size + 1), StepInput.of("S" + n, "b" + n).withEstimatedMinutes(n % 3 == 0 ? null : n), who);
            changes++;
        }

        void updateStep(int n) {
            List<ResourceStep> s = stepRows();
            if (!s.isEmpty()) {
                resources().updateStep(s.get(n % s.size()).id(), StepInput.of("U" + n, "u").withMediaUrl(n % 2 == 0 ? "/m" + n : null), who);
                changes++;
            }
        }

        void move(int n) {
            List<ResourceStep> s = stepRows();
            if (!s.isEmpty()) {
                resources().moveStep(s.get(n % s.size()).id(), (n / 7) % s.size(), who);
                changes++;
            }
        }

        void remove(int n) {
            List<ResourceStep> s = stepRows();
            if (!s.isEmpty()) {
                resources().removeStep(s.get(n % s.size()).id(), who);
                changes++;
            }
        }

        void reorder(int n) {
            List<UUID> ids = new ArrayList<>(stepRows().stream().map(ResourceStep::id).toList());
            java.util.Collections.shuffle(ids, new java.util.Random(n));
            resources().reorderSteps(id, ids, who);
            changes++;
        }

        void restore(int n) {
            int k = 1 + n % changes;
            CardSnapshot target = resources().version(id, k).orElseThrow().snapshot();
            resources().restoreVersion(id, k, card().version(), who);
            changes++;
            assertThat(CardInput.from(card())).as("card after restoring version %d", k).isEqualTo(target.card());
            assertThat(steps()).as("steps after restoring version %d", k).isEqualTo(target.steps());
            CardSnapshot recorded = resources().version(id, changes).orElseThrow().snapshot();
            assertThat(recorded.card()).isEqualTo(target.card());
            assertThat(recorded.steps()).isEqualTo(target.steps());
        }

        void check() {
            List<Integer> numbers = Queries.column(portal.dataSource(), "SELECT number::text FROM portal.resource_card_versions"
                    + " WHERE card_id = ? ORDER BY resource_card_versions.number", id).stream().map(Integer::valueOf).toList();
            assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(1, changes).boxed().toList());
            CardSnapshot newest = resources().version(id, changes).orElseThrow().snapshot();
            assertThat(newest.card()).isEqualTo(CardInput.from(card()));
            assertThat(newest.steps()).isEqualTo(steps());
        }

        @Override
        public String toString() {
            return "card " + id + " after " + changes + " changes";
        }
    }
}
