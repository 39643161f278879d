package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.PasswordHasher;
import dev.portalkit.auth.PasswordResetService;
import dev.portalkit.auth.UserService;
import dev.portalkit.auth.TwoFactorService;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.content.FormService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.PrivacyService;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingsService;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.SuppressionService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Which modules the starter installs (portalkit.modules, or the module jars on the classpath), which
 * service beans follow, and the host's beans that replace the starter's choices.
 */
class ModuleSelectionIT {

    static final List<Class<?>> CORE = List.of(SettingsService.class, NavigationService.class, ActivityLog.class,
            PrivacyService.class);
    static final List<Class<?>> AUTH = List.of(UserService.class, AuthService.class, PasswordResetService.class,
            UserSettingsService.class, TwoFactorService.class);
    static final List<Class<?>> BILLING = List.of(PricingService.class, SubscriptionService.class, PaymentService.class,
            BookingService.class);
    static final List<Class<?>> CONTENT = List.of(ResourceService.class, TimelineService.class, FormService.class);
    static final List<Class<?>> MESSAGING = List.of(EmailService.class, EmailTemplateService.class, MessageService.class,
            SuppressionService.class);

    @Test
    void everyModuleOnTheClasspathIsInstalledWhenThePropertyIsUnset() {
        Runners.onTestDatabase("modules_all_it").run(context -> {
            assertThat(installed(context)).containsExactly("auth", "billing", "content", "messaging");
            for (List<Class<?>> group : List.of(CORE, AUTH, BILLING, CONTENT, MESSAGING)) {
                group.forEach(type -> assertThat(context).as(type.getSimpleName()).hasSingleBean(type));
            }
            assertThat(context.getBean(UserService.class)).isSameAs(context.getBean(Portal.class).service(UserService.class));
            assertThat(context.getBean(PrivacyService.class)).isSameAs(context.getBean(Portal.class).privacy());
            assertThat(context.getBean(TwoFactorService.class))
                    .isSameAs(context.getBean(Portal.class).service(TwoFactorService.class));
            assertThat(context.getBean(SuppressionService.class))
                    .isSameAs(context.getBean(Portal.class).service(SuppressionService.class));
        });
    }

    @Test
    void thePropertyChoosesTheModules() {
        Runners.onTestDatabase("modules_auth_content_it").withPropertyValues("portalkit.modules=auth, Content")
                .run(context -> {
                    assertThat(installed(context)).containsExactly("auth", "content");
                    CORE.forEach(type -> assertThat(context).hasSingleBean(type));
                    AUTH.forEach(type -> assertThat(context).hasSingleBean(type));
                    CONTENT.forEach(type -> assertThat(context).hasSingleBean(type));
                    BILLING.forEach(type -> assertThat(context).doesNotHaveBean(type));
                    MESSAGING.forEach(type -> assertThat(context).doesNotHaveBean(type));
                    assertThat(context).doesNotHaveBean(BillingModule.class).doesNotHaveBean(MessagingModule.class);
                });
    }

    @Test
    void onlyTheModuleJarsOnTheClasspathAreInstalled() {
        Runners.onTestDatabase("modules_classpath_it")
                .withClassLoader(new FilteredClassLoader("dev.portalkit.billing.", "dev.portalkit.messaging."))
                .run(context -> {
                    assertThat(installed(context)).containsExactly("auth", "content");
                    assertThat(context).doesNotHaveBean("pricingService").doesNotHaveBean("emailService");
                });
    }

    @Test
    void aModuleNamedButMissingFromTheClasspathFailsNamingTheArtifact() {
        Runners.onTestDatabase("modules_missing_it").withPropertyValues("portalkit.modules=auth,billing")
                .withClassLoader(new FilteredClassLoader("dev.portalkit.billing."))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(PropertiesBindingIT.rootMessage(context.getStartupFailure()))
                            .contains("dev.portalkit:portalkit-billing is not on the classpath");
                });
    }

    @Test
    void anUnknownModuleOrOneWithoutWhatItNeedsFails() {
        Runners.onTestDatabase("modules_unknown_it").withPropertyValues("portalkit.modules=auth,chat").run(context -> {
            assertThat(context).hasFailed();
            assertThat(PropertiesBindingIT.rootMessage(context.getStartupFailure()))
                    .contains("portalkit.modules names 'chat'", "auth, billing, content, messaging");
        });
        Runners.onTestDatabase("modules_unknown_it").withPropertyValues("portalkit.modules=billing").run(context -> {
            assertThat(context).hasFailed();
            assertThat(PropertiesBindingIT.rootMessage(context.getStartupFailure())).contains("AuthModule");
        });
    }

    @Test
    void theHostsBeansReplaceTheStartersChoices() {
        PasswordHasher hasher = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return "plain:" + password;
            }

            @Override
            public boolean verify(String password, String hash) {
                return hash.equals("plain:" + password);
            }

            @Override
            public boolean needsRehash(String hash) {
                return false;
            }
        };
        PaymentGateway gateway = new InMemoryPaymentGateway();
        EmailSender sender = new InMemoryEmailSender();
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        Setting<Integer> pageSize = Setting.integer("host.page_size", 25);
        Runners.onTestDatabase("modules_host_beans_it")
                .withBean(PasswordHasher.class, () -> hasher)
                .withBean(PaymentGateway.class, () -> gateway)
                .withBean(EmailSender.class, () -> sender)
                .withBean(Clock.class, () -> clock)
                .withBean("pageSize", Setting.class, () -> pageSize)
                .withBean(PortalCustomizer.class, () -> b -> b.sealInterval(java.time.Duration.ofMillis(750)))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(AuthModule.class).options().hasher()).isSameAs(hasher);
                    assertThat(context.getBean(BillingModule.class).options().gateway()).isSameAs(gateway);
                    assertThat(context.getBean(MessagingModule.class).options().sender()).isSameAs(sender);
                    Portal portal = context.getBean(Portal.class);
                    assertThat(portal.config().clock()).isSameAs(clock);
                    assertThat(portal.config().settings()).contains(pageSize);
                    assertThat(portal.config().sealInterval()).isEqualTo(java.time.Duration.ofMillis(750));
                    assertThat(context.getBean(SettingsService.class).get(pageSize)).isEqualTo(25);
                });
    }

    @Test
    void aModuleBeanOfTheHostsIsInstalledInsteadOfOneFromProperties() {
        AuthModule own = new AuthModule(AuthOptions.builder().bcryptCost(4).lockoutThreshold(3).build());
        Runners.onTestDatabase("modules_host_module_it").withPropertyValues("portalkit.modules=auth")
                .withBean(AuthModule.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(AuthModule.class);
                    assertThat(context.getBean(Portal.class).config().modules()).containsExactly(own);
                });
    }

    @Test
    void aPortalOfTheHostsReplacesTheStartersAndItsServicesBecomeBeans() {
        Runners.onTestDatabase("modules_host_portal_it").withPropertyValues("portalkit.modules=auth")
                .withBean(Portal.class, () -> Portal.builder().dataSource(SpringTestDatabase.DB.dataSource())
                        .migrationDataSource(SpringTestDatabase.owner())
                        .schema("modules_host_portal_it").install(new AuthModule(AuthOptions.builder().bcryptCost(4).build()))
                        .build())
                .run(context -> {
                    assertThat(context).hasSingleBean(Portal.class).hasSingleBean(UserService.class);
                    assertThat(context.getBean(Portal.class).config().hostTransactions()).isNull();
                });
    }

    private static List<String> installed(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(Portal.class).config().modules().stream().map(PortalModule::name).toList();
    }
}
