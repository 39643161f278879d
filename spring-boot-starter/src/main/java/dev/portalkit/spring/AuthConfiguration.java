package dev.portalkit.spring;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.TwoFactorService;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.spi.Problems;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * portalkit-auth: the module (from {@code portalkit.auth.*}, a PasswordHasher bean; or the host's own
 * AuthModule bean, e.g. for user settings) and its services as beans.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.portalkit.auth.AuthModule")
@ConditionalOnPortalModule("auth")
class AuthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuthModule portalkitAuthModule(PortalKitProperties properties, ObjectProvider<PasswordHasher> hasher) {
        AuthProperties p = properties.getAuth();
        AuthOptions.Builder b = AuthOptions.builder()
                .bcryptCost(p.getBcryptCost())
                .hashingWait(p.getHashingWait())
                .lockoutThreshold(p.getLockoutThreshold())
                .lockoutBase(p.getLockoutBase())
                .lockoutMax(p.getLockoutMax())
                .failureResetAfter(p.getFailureResetAfter())
                .idleTimeout(p.getIdleTimeout())
                .absoluteTimeout(p.getAbsoluteTimeout())
                .rememberMeIdleTimeout(p.getRememberMeIdleTimeout())
                .rememberMeAbsoluteTimeout(p.getRememberMeAbsoluteTimeout())
                .maxSessionsPerUser(p.getMaxSessionsPerUser())
                .lastSeenResolution(p.getLastSeenResolution())
                .resetTokenTtl(p.getResetTokenTtl())
                .resetRequestLimit(p.getResetRequestLimit())
                .resetRequestWindow(p.getResetRequestWindow())
                .verificationTokenTtl(p.getVerificationTokenTtl())
                .totpIssuer(p.getTotp().getIssuer())
                .loginChallengeTtl(p.getLoginChallengeTtl())
                .emailChangeTokenTtl(p.getEmailChangeTokenTtl());
        totpKeys(p.getTotp(), b);
        if (p.getHashingConcurrency() != null) {
            b.hashingConcurrency(p.getHashingConcurrency());
        }
        PasswordHasher h = hasher.getIfUnique();
        if (h != null) {
            b.hasher(h);
        }
        return new AuthModule(b.build());
    }

    /** portalkit.auth.totp.keys: the first is totpKey (new enrolments), the others previousTotpKey. */
    private static void totpKeys(AuthProperties.Totp totp, AuthOptions.Builder b) {
        Problems problems = new Problems();
        List<AuthProperties.Totp.Key> configured = totp.getKeys() == null ? List.of() : totp.getKeys();
        boolean first = true;
        for (int i = 0; i < configured.size(); i++) {
            AuthProperties.Totp.Key key = configured.get(i);
            String name = "portalkit.auth.totp.keys[" + i + "]";
            byte[] secret;
            try {
                secret = key.getSecret() == null ? null : Base64.getDecoder().decode(key.getSecret().strip());
            } catch (IllegalArgumentException e) {
                problems.check(false, "%s.secret is not Base64 (its value is not shown)", name);
                continue;
            }
            if (secret == null || secret.length != 32) {
                problems.check(false, "%s.secret must be 32 bytes, Base64-encoded (AES-256), was %s (its value is not"
                        + " shown)", name, secret == null ? "unset" : secret.length + " bytes");
                continue;
            }
            if (first) {
                b.totpKey(key.getId(), secret);
                first = false;
            } else {
                b.previousTotpKey(key.getId(), secret);
            }
        }
        problems.throwIfAny();
    }

    @Bean
    @ConditionalOnMissingBean
    UserService userService(Portal portal) {
        return portal.service(UserService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    AuthService authService(Portal portal) {
        return portal.service(AuthService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordResetService passwordResetService(Portal portal) {
        return portal.service(PasswordResetService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    UserSettingsService userSettingsService(Portal portal) {
        return portal.service(UserSettingsService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    TwoFactorService twoFactorService(Portal portal) {
        return portal.service(TwoFactorService.class);
    }
}
