package dev.portalkit.spring;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.core.Portal;
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
        PortalKitProperties.Auth p = properties.getAuth();
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
                .verificationTokenTtl(p.getVerificationTokenTtl());
        if (p.getHashingConcurrency() != null) {
            b.hashingConcurrency(p.getHashingConcurrency());
        }
        PasswordHasher h = hasher.getIfUnique();
        if (h != null) {
            b.hasher(h);
        }
        return new AuthModule(b.build());
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
}
