package dev.portalkit.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.examples.spring.Http.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A sign-up is one Spring transaction holding PortalKit's writes (the user, its audit rows, the queued
 * welcome e-mail) and the host's own ({@code member_profiles}): whichever side fails, nothing of
 * either remains. Looked at in the database itself, not through the API.
 */
@ExtendWith(ExampleDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "example.admin-password=admin password for tests",
        "portalkit.auth.bcrypt-cost=4",
        "portalkit.jobs.enabled=false"})
@Import(TestBeans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SignupTransactionIT {

    static final String PASSWORD = "correct horse battery staple";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ExampleDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    Answer signUp(String email, String company) throws Exception {
        return http.post("/api/signup", Http.json("email", email, "password", PASSWORD, "displayName", "Pat",
                "company", company));
    }

    /** What a sign-up of this address left in the database, both sides. */
    record Rows(int users, int queuedEmails, int profiles, int auditRows) {
    }

    Rows rows(String email) {
        return new Rows(
                count("SELECT count(*) FROM portal.users WHERE lower(email) = lower(?)", email),
                count("SELECT count(*) FROM portal.email_logs WHERE lower(to_address) = lower(?)", email),
                count("SELECT count(*) FROM public.member_profiles p JOIN portal.users u ON u.id = p.user_id"
                        + " WHERE lower(u.email) = lower(?)", email),
                count("SELECT count(*) FROM portal.activity_logs"));
    }

    int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    int profiles() {
        return count("SELECT count(*) FROM public.member_profiles");
    }

    @Test
    void aSignUpWritesTheUserItsAuditRowsTheWelcomeEmailAndTheProfileTogether() throws Exception {
        String email = email("both");
        int auditBefore = rows(email).auditRows();
        Answer a = signUp(email, "Acme");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        Rows after = rows(email);
        assertThat(after.users()).isEqualTo(1);
        assertThat(after.queuedEmails()).isEqualTo(1);
        assertThat(after.profiles()).isEqualTo(1);
        assertThat(after.auditRows()).isGreaterThan(auditBefore);
        assertThat(jdbc.queryForObject("SELECT company FROM member_profiles WHERE user_id = ?::uuid", String.class,
                a.json().path("user").path("id").asString())).isEqualTo("Acme");
    }

    @Test
    void aSignUpThatPortalKitRefusesLeavesNoProfileRow() throws Exception {
        String email = email("taken");
        assertThat(signUp(email, "First Co").status()).isEqualTo(201);
        int profiles = profiles();
        Rows before = rows(email);

        Answer again = signUp(email.toUpperCase(), "Second Co");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(profiles()).isEqualTo(profiles);
        assertThat(count("SELECT count(*) FROM member_profiles WHERE company = 'Second Co'")).isZero();
        assertThat(rows(email)).isEqualTo(before);
    }

    @Test
    void aHostFailureAfterThePortalKitCallsLeavesNoUserNoAuditRowAndNoQueuedEmail() throws Exception {
        String email = email("host-fails");
        int profiles = profiles();
        Rows before = rows(email);

        // 81 characters: member_profiles' CHECK refuses the row, after PortalKit registered the user
        // and queued the welcome e-mail in the same transaction.
        Answer refused = signUp(email, "x".repeat(81));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("error").path("fields").get(0).path("field").asString()).isEqualTo("company");
        assertThat(rows(email)).isEqualTo(before);
        assertThat(before.users()).isZero();
        assertThat(before.queuedEmails()).isZero();
        assertThat(profiles()).isEqualTo(profiles);

        // Nothing of it was kept: the address is free, and the next sign-up is whole.
        Answer ok = signUp(email, "y".repeat(80));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(rows(email)).satisfies(r -> {
            assertThat(r.users()).isEqualTo(1);
            assertThat(r.queuedEmails()).isEqualTo(1);
            assertThat(r.profiles()).isEqualTo(1);
        });
    }

    @Test
    void eightSimultaneousSignUpsOfOneAddressMakeOneUserOneEmailAndOneProfile() throws Exception {
        String email = email("burst");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String company = "Burst " + i;
                Callable<Integer> call = () -> {
                    go.await();
                    return signUp(email, company).status();
                };
                results.add(pool.submit(call));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        Rows after = rows(email);
        assertThat(after.users()).isEqualTo(1);
        assertThat(after.queuedEmails()).isEqualTo(1);
        assertThat(after.profiles()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM member_profiles WHERE company LIKE 'Burst %'")).isEqualTo(1);
    }
}
