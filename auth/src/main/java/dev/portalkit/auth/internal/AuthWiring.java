package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.TwoFactorService;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.core.spi.ModuleContext;
import java.util.List;

/** Creates and registers the auth services. Not API. */
public final class AuthWiring {

    private AuthWiring() {
    }

    public static List<Class<?>> mappers() {
        return List.of(UserMapper.class, AuthSessionMapper.class, PasswordResetTokenMapper.class,
                PasswordResetRequestMapper.class, EmailVerificationTokenMapper.class, UserSettingMapper.class,
                UserTotpMapper.class, RecoveryCodeMapper.class, LoginChallengeMapper.class, EmailChangeTokenMapper.class,
                PersonalDataMapper.class);
    }

    public static void start(ModuleContext context, AuthOptions options) {
        PasswordHasher hasher = options.hasher() != null ? options.hasher() : new BcryptHasher(options.bcryptCost());
        AuthContext auth = new AuthContext(context, options,
                new Hashing(hasher, options.hashingConcurrency(), options.hashingWait()));
        context.onConstraint("users_email_live_key", v -> new EmailTakenException());
        context.provide(UserService.class, new DefaultUserService(auth));
        context.provide(AuthService.class, new DefaultAuthService(auth));
        context.provide(PasswordResetService.class, new DefaultPasswordResetService(auth));
        context.provide(UserSettingsService.class, new DefaultUserSettingsService(auth));
        context.provide(TwoFactorService.class, new DefaultTwoFactorService(auth));
        context.personalData("auth", new AuthPersonalData(auth));
    }
}
