package dev.portalkit.examples.spring;

import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.EmailService;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members as the host sees them: PortalKit's user plus a row of the host's own table,
 * {@code member_profiles}. A sign-up writes both in one Spring transaction: PortalKit's calls join it
 * (the starter's host transactions), so the user, its audit rows, the queued welcome e-mail and the
 * profile row commit together or not at all, whichever side fails.
 */
@Service
public class Members {

    /** The host's part of a sign-up. */
    record Profile(String company, boolean newsletter) {
    }

    private final UserService users;
    private final EmailService emails;
    private final JdbcTemplate jdbc;

    Members(UserService users, EmailService emails, JdbcTemplate jdbc) {
        this.users = users;
        this.emails = emails;
        this.jdbc = jdbc;
    }

    /**
     * Registers the member, queues the welcome e-mail, then writes the profile: an e-mail taken fails
     * before the profile is written; a profile the table refuses fails after PortalKit's writes, which
     * roll back with it.
     */
    @Transactional
    public User signUp(NewUser input, Profile profile, CallContext who) {
        User user = users.register(input, who);
        emails.queue("welcome", null, user.email(), Map.of("name", user.displayName()), "welcome-" + user.id(), who);
        try {
            jdbc.update("INSERT INTO member_profiles (user_id, company, newsletter) VALUES (?, ?, ?)", user.id(),
                    profile.company(), profile.newsletter());
        } catch (DataIntegrityViolationException e) {
            if ("member_profiles_company_length".equals(constraint(e))) {
                throw new ValidationException("company", "must be 1 to 80 characters");
            }
            throw e;
        }
        return user;
    }

    /** The member's profile, or empty (the seeded accounts have none). */
    public Optional<Profile> profile(UUID userId) {
        return jdbc.query("SELECT company, newsletter FROM member_profiles WHERE user_id = ?",
                (rs, n) -> new Profile(rs.getString(1), rs.getBoolean(2)), userId).stream().findFirst();
    }

    /** The name of the constraint PostgreSQL reported, or null. */
    private static String constraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p) {
                ServerErrorMessage m = p.getServerErrorMessage();
                return m == null ? null : m.getConstraint();
            }
        }
        return null;
    }
}
