package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserServiceIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal();

    private static UserService users() {
        return AuthTests.users(kit);
    }

    @Test
    void auditRowsKeepTheActorsEmailAndRoleAsTheyWereThen() {
        User admin = users().changeRole(AuthTests.register(kit, "actor-admin").id(), Role.ADMIN, CallContext.system("test"));
        User member = AuthTests.register(kit, "actor-target");
        users().disable(member.id(), CallContext.of(admin.id(), "::1", "test"));
        users().changeRole(admin.id(), Role.STAFF, CallContext.system("test"));
        users().enable(member.id(), CallContext.of(admin.id(), "::1", "test"));

        List<ActivityEntry> rows = kit.portal().service(ActivityLog.class)
                .find(ActivityQuery.byEntity("user", member.id()), PageRequest.first(10)).items();
        assertThat(rows).filteredOn(e -> admin.id().equals(e.actorId()))
                .extracting(ActivityEntry::action, ActivityEntry::actorEmail, ActivityEntry::actorRole)
                .containsExactly( // newest first
                        org.assertj.core.groups.Tuple.tuple("user.enabled", admin.email(), "STAFF"),
                        org.assertj.core.groups.Tuple.tuple("user.disabled", admin.email(), "ADMIN"));
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        long usersBefore = AuthDb.number(kit, "SELECT count(*) FROM portal.users");
        long auditBefore = AuthDb.number(kit, "SELECT count(*) FROM portal.activity_logs");
        record Case(NewUser input, String field) {
        }
        String ok = TestData.email("ok");
        List<Case> cases = List.of(
                new Case(NewUser.member("not-an-email", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member("ann@@example.com", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member("ann@example", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member("", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member(null, AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member("a".repeat(10_000_000) + "@example.com", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member("ann\0@example.com", AuthTests.PASSWORD, "Ann"), "email"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, ""), "displayName"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, "x".repeat(10_000_000)), "displayName"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, "Ann\0"), "displayName"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, "Robert'); DROP TABLE users;--"), "displayName"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, "<script>alert(1)</script>"), "displayName"),
                new Case(NewUser.member(ok, AuthTests.PASSWORD, "\uD800broken"), "displayName"),
                new Case(NewUser.member(ok, "", "Ann"), "password"),
                new Case(NewUser.member(ok, "pass\0word with nul", "Ann"), "password"),
                new Case(NewUser.member(ok, "p".repeat(10_000_000), "Ann"), "password"));
        for (Case c : cases) {
            assertThatThrownBy(() -> users().register(c.input(), AuthTests.CLIENT))
                    .as(c.field() + " of " + c.input())
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).hasError(c.field()))
                            .as(e.getMessage()).isTrue());
        }
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.users")).isEqualTo(usersBefore);
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.activity_logs")).isEqualTo(auditBefore);
        // A name with an apostrophe, accents and a hyphen is a name.
        assertThat(users().register(NewUser.member(ok, AuthTests.PASSWORD, "Zoë O'Brien-Łukasz"), AuthTests.CLIENT)
                .displayName()).isEqualTo("Zoë O'Brien-Łukasz");
    }

    @Test
    void findByEmailIsCaseInsensitiveAndServedByTheIndex() throws Exception {
        User u = AuthTests.register(kit, "Case");
        assertThat(users().findByEmail(u.email().toUpperCase())).map(User::id).contains(u.id());
        try (Connection c = kit.portal().dataSource().getConnection()) {
            c.createStatement().execute("SET enable_seqscan = off");
            // The statement the mapper runs, bound the way pgjdbc binds a Java String.
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM portal.users"
                    + " WHERE lower(email) = lower(?) AND deleted_at IS NULL")) {
                ps.setString(1, u.email().toUpperCase());
                ResultSet rs = ps.executeQuery();
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                assertThat(plan.toString()).contains("users_email_live_key").doesNotContain("Seq Scan");
            }
        }
    }

    @Test
    void softDeleteRevokesSessionsFreesTheEmailAndRestoreConflictsIfTaken() {
        User u = AuthTests.register(kit, "deleted");
        AuthService auth = kit.portal().service(AuthService.class);
        Login login = auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        users().delete(u.id(), AuthTests.CLIENT);
        assertThat(users().find(u.id())).isEmpty();
        assertThat(auth.authenticate(login.token())).isEmpty();
        assertThatThrownBy(() -> users().delete(u.id(), AuthTests.CLIENT)).isInstanceOf(NotFoundException.class);

        User again = users().register(NewUser.member(u.email().toUpperCase(), AuthTests.PASSWORD, "Again"), AuthTests.CLIENT);
        assertThatThrownBy(() -> users().restore(u.id(), AuthTests.CLIENT)).isInstanceOf(EmailTakenException.class);
        users().delete(again.id(), AuthTests.CLIENT);
        User restored = users().restore(u.id(), AuthTests.CLIENT);
        assertThat(restored.deletedAt()).isNull();
        assertThat(users().find(u.id())).isPresent();
        assertThatThrownBy(() -> users().restore(u.id(), AuthTests.CLIENT)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void profileUpdatesAreOptimistic() {
        User u = AuthTests.register(kit, "profile");
        User changed = users().updateProfile(u.id(), new ProfileUpdate("New Name", Map.of("plan", "pro")), u.version(),
                AuthTests.CLIENT);
        assertThat(changed.displayName()).isEqualTo("New Name");
        assertThat(changed.metadata()).containsEntry("plan", "pro");
        assertThat(changed.version()).isEqualTo(u.version() + 1);
        assertThatThrownBy(() -> users().updateProfile(u.id(), new ProfileUpdate("Stale", Map.of()), u.version(),
                AuthTests.CLIENT)).isInstanceOf(StaleVersionException.class);
        assertThat(users().find(u.id()).orElseThrow().displayName()).isEqualTo("New Name");
    }

    @Test
    void listFiltersAndPagesWithACursor() {
        String tag = "lister" + System.nanoTime();
        List<User> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(users().register(new NewUser(tag + i + "@example.com", AuthTests.PASSWORD, "Lister " + i,
                    i % 2 == 0 ? Role.STAFF : Role.MEMBER, Map.of()), AuthTests.CLIENT));
        }
        users().disable(made.get(0).id(), AuthTests.CLIENT);
        List<User> seen = new ArrayList<>();
        PageRequest req = PageRequest.first(3);
        Page<User> page;
        do {
            page = users().list(UserQuery.all().matching(tag), req);
            seen.addAll(page.items());
            req = req.next(page);
        } while (page.hasNext());
        assertThat(seen).hasSize(7);
        assertThat(new HashSet<>(seen.stream().map(User::id).toList())).hasSize(7);
        assertThat(users().list(UserQuery.all().matching(tag).withRole(Role.STAFF), PageRequest.first(50)).items()).hasSize(4);
        assertThat(users().list(UserQuery.all().matching(tag).withStatus(UserStatus.DISABLED), PageRequest.first(50)).items())
                .extracting(User::id).containsExactly(made.get(0).id());
        assertThat(users().list(UserQuery.all().matching("%"), PageRequest.first(50)).items()).isEmpty();
        assertThat(users().list(UserQuery.all().matching("LISTER 3"), PageRequest.first(50)).items()).hasSizeGreaterThanOrEqualTo(1);
    }
}
