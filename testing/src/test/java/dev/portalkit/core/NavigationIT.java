package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NavigationIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    static final CallContext CTX = CallContext.system("test");

    NavigationService nav;

    @BeforeEach
    void clean() throws SQLException {
        nav = kit.portal().service(NavigationService.class);
        try (Connection c = kit.portal().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM portal.nav_items");
        }
    }

    private static List<String> labels(List<NavNode> nodes) {
        return nodes.stream().map(n -> n.item().label()).toList();
    }

    private List<Integer> positions(UUID parent) {
        return nav.fullTree().stream().flatMap(n -> flatten(n).stream())
                .filter(i -> java.util.Objects.equals(i.parentId(), parent))
                .map(NavItem::position).sorted().toList();
    }

    private static List<NavItem> flatten(NavNode n) {
        List<NavItem> out = new ArrayList<>(List.of(n.item()));
        n.children().forEach(c -> out.addAll(flatten(c)));
        return out;
    }

    @Test
    void entriesAreOrderedByPositionAndInsertingShiftsLaterSiblings() {
        nav.create(null, null, NavItemInput.link("Home", "/"), CTX);
        nav.create(null, null, NavItemInput.link("Docs", "/docs"), CTX);
        nav.create(null, 1, NavItemInput.link("Pricing", "/pricing"), CTX);
        nav.create(null, 0, NavItemInput.link("Start", "/start"), CTX);
        assertThat(labels(nav.tree(Set.of()))).containsExactly("Start", "Home", "Pricing", "Docs");
        assertThat(positions(null)).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> nav.create(null, 9, NavItemInput.link("Far", "/far"), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("position");
    }

    @Test
    void treeShowsOnlyWhatTheRoleMaySeeAndPrunesHeadingsLeftEmpty() {
        nav.create(null, null, NavItemInput.link("Home", "/"), CTX);
        NavItem admin = nav.create(null, null, new NavItemInput("Admin", null, "gear", List.of(), true, Map.of()), CTX);
        nav.create(admin.id(), null, NavItemInput.link("Users", "/admin/users").withRoles("ADMIN", "OWNER"), CTX);
        nav.create(admin.id(), null, NavItemInput.link("Billing", "/admin/billing").withRoles("OWNER"), CTX);
        nav.create(null, null, NavItemInput.link("Account", "/account").withRoles("MEMBER", "ADMIN", "OWNER"), CTX);
        nav.create(null, null, NavItemInput.link("Hidden", "/hidden").inactive(), CTX);

        assertThat(labels(nav.tree(Set.of()))).containsExactly("Home");
        assertThat(labels(nav.tree(Set.of("MEMBER")))).containsExactly("Home", "Account");
        List<NavNode> forAdmin = nav.tree(Set.of("ADMIN"));
        assertThat(labels(forAdmin)).containsExactly("Home", "Admin", "Account");
        assertThat(labels(forAdmin.get(1).children())).containsExactly("Users");
        assertThat(labels(nav.tree(Set.of("OWNER")).get(1).children())).containsExactly("Users", "Billing");
        assertThat(labels(nav.fullTree())).containsExactly("Home", "Admin", "Account", "Hidden");
    }

    @Test
    void movingKeepsPositionsUniqueAndGapFreeOnBothSides() {
        NavItem a = nav.create(null, null, NavItemInput.link("A", "/a"), CTX);
        NavItem b = nav.create(null, null, NavItemInput.link("B", "/b"), CTX);
        NavItem c = nav.create(null, null, NavItemInput.link("C", "/c"), CTX);
        NavItem b1 = nav.create(b.id(), null, NavItemInput.link("B1", "/b/1"), CTX);
        nav.create(b.id(), null, NavItemInput.link("B2", "/b/2"), CTX);

        nav.move(a.id(), b.id(), 1, CTX); // A leaves the top level, goes between B1 and B2
        assertThat(labels(nav.fullTree())).containsExactly("B", "C");
        assertThat(labels(nav.fullTree().get(0).children())).containsExactly("B1", "A", "B2");
        assertThat(positions(null)).containsExactly(0, 1);
        assertThat(positions(b.id())).containsExactly(0, 1, 2);

        nav.move(c.id(), null, 0, CTX); // within the same parent
        assertThat(labels(nav.fullTree())).containsExactly("C", "B");

        nav.move(b1.id(), b.id(), 2, CTX);
        assertThat(labels(nav.fullTree().get(1).children())).containsExactly("A", "B2", "B1");
    }

    @Test
    void reorderingNeedsEveryChildExactlyOnce() {
        NavItem a = nav.create(null, null, NavItemInput.link("A", "/a"), CTX);
        NavItem b = nav.create(null, null, NavItemInput.link("B", "/b"), CTX);
        NavItem c = nav.create(null, null, NavItemInput.link("C", "/c"), CTX);
        List<NavItem> after = nav.reorder(null, List.of(c.id(), a.id(), b.id()), CTX);
        assertThat(after).extracting(NavItem::label).containsExactly("C", "A", "B");
        assertThatThrownBy(() -> nav.reorder(null, List.of(c.id(), a.id()), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("exactly once");
        assertThatThrownBy(() -> nav.reorder(null, List.of(c.id(), a.id(), a.id()), CTX))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aMoveUnderItsOwnDescendantIsRefusedByTheDatabase() throws SQLException {
        NavItem top = nav.create(null, null, NavItemInput.link("Top", "/t"), CTX);
        NavItem mid = nav.create(top.id(), null, NavItemInput.link("Mid", "/t/m"), CTX);
        NavItem leaf = nav.create(mid.id(), null, NavItemInput.link("Leaf", "/t/m/l"), CTX);

        assertThatThrownBy(() -> nav.move(top.id(), leaf.id(), 0, CTX))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).hasError("parentId")).isTrue());
        assertThatThrownBy(() -> nav.move(top.id(), top.id(), 0, CTX)).isInstanceOf(ValidationException.class);
        assertThat(labels(nav.fullTree())).containsExactly("Top");

        // Not only the service: a hand-written UPDATE is refused by the trigger too.
        try (Connection c = kit.portal().dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE portal.nav_items SET parent_id = '" + leaf.id()
                    + "', position = 5 WHERE id = '" + top.id() + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("own descendant");
        }
    }

    @Test
    void twoConcurrentCrossMovesCannotFormACycle() throws Exception {
        for (int round = 0; round < 10; round++) {
            clean();
            NavItem x = nav.create(null, null, NavItemInput.link("X", "/x"), CTX);
            NavItem y = nav.create(null, null, NavItemInput.link("Y", "/y"), CTX);
            CyclicBarrier barrier = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> f1 = pool.submit(() -> {
                barrier.await();
                return nav.move(x.id(), y.id(), 0, CTX);
            });
            Future<?> f2 = pool.submit(() -> {
                barrier.await();
                return nav.move(y.id(), x.id(), 0, CTX);
            });
            int ok = 0;
            for (Future<?> f : List.of(f1, f2)) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ValidationException.class);
                }
            }
            pool.shutdown();
            assertThat(ok).isEqualTo(1);
            assertThat(nav.fullTree()).hasSize(1);
        }
    }

    @Test
    void deletingAnEntryDeletesItsSubtreeAndClosesTheGap() {
        NavItem a = nav.create(null, null, NavItemInput.link("A", "/a"), CTX);
        nav.create(a.id(), null, NavItemInput.link("A1", "/a/1"), CTX);
        nav.create(null, null, NavItemInput.link("B", "/b"), CTX);
        assertThat(nav.delete(a.id(), CTX)).isEqualTo(2);
        assertThat(labels(nav.fullTree())).containsExactly("B");
        assertThat(positions(null)).containsExactly(0);
        assertThatThrownBy(() -> nav.delete(a.id(), CTX)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        assertThatThrownBy(() -> nav.create(null, null, NavItemInput.link("", "/x"), CTX))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).hasError("label")).isTrue());
        assertThatThrownBy(() -> nav.create(null, null, NavItemInput.link("X", "javascript:alert(1)"), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> nav.create(null, null, NavItemInput.link("X\0", "/x"), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("label");
        assertThatThrownBy(() -> nav.create(null, null, NavItemInput.link("x".repeat(10_000_000), "/x"), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> nav.create(null, null, NavItemInput.link("X", "/x").withRoles("ADMIN'; DROP TABLE"), CTX))
                .isInstanceOf(ValidationException.class).hasMessageContaining("roles");
        assertThatThrownBy(() -> nav.create(UUID.randomUUID(), null, NavItemInput.link("X", "/x"), CTX))
                .isInstanceOf(NotFoundException.class);
        assertThat(nav.fullTree()).isEmpty();
    }

    @Test
    void metadataAndRolesRoundTrip() {
        NavItem item = nav.create(null, null, new NavItemInput("Docs", "https://docs.example.com/start", "book",
                List.of("MEMBER"), true, Map.of("badge", "new", "weight", 3)), CTX);
        NavItem read = nav.find(item.id()).orElseThrow();
        assertThat(read.metadata()).containsEntry("badge", "new").containsEntry("weight", 3);
        assertThat(read.roles()).containsExactly("MEMBER");
        assertThat(read.createdAt()).isNotNull();
        NavItem updated = nav.update(item.id(), new NavItemInput("Guides", "/guides", null, List.of(), false, Map.of()), CTX);
        assertThat(updated.label()).isEqualTo("Guides");
        assertThat(updated.active()).isFalse();
        assertThat(updated.updatedAt()).isAfterOrEqualTo(read.updatedAt());
    }
}
