package dev.portalkit.auth;

import dev.portalkit.auth.internal.AuthWiring;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Problems;
import java.util.List;

/**
 * portalkit-auth: {@code users}, {@code auth_sessions}, {@code password_reset_tokens},
 * {@code password_reset_requests}, {@code email_verification_tokens}, {@code user_settings}, {@code user_totp},
 * {@code recovery_codes}, {@code login_challenges} and {@code email_change_tokens}, with {@link UserService},
 * {@link AuthService}, {@link TwoFactorService}, {@link PasswordResetService} and {@link UserSettingsService}, and
 * its part of {@code portal.privacy()}.
 *
 * <pre>{@code Portal.builder()...install(new AuthModule(AuthOptions.builder().bcryptCost(12).build()))}</pre>
 */
public final class AuthModule implements PortalModule {

    /** Where the module's migrations live (its migrationLocation()), for hosts that run their own Flyway. */
    public static final String MIGRATIONS = "classpath:dev/portalkit/auth/db/migration";

    private final AuthOptions options;

    public AuthModule() {
        this(AuthOptions.defaults());
    }

    public AuthModule(AuthOptions options) {
        new Problems().check(options != null, "AuthModule needs options (was null): use AuthOptions.defaults()")
                .throwIfAny();
        this.options = options;
    }

    public AuthOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public List<Class<?>> mappers() {
        return AuthWiring.mappers();
    }

    @Override
    public void start(ModuleContext context) {
        AuthWiring.start(context, options);
    }
}
