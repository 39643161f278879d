package dev.portalkit.examples.spring;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.content.ContentModule;
import dev.portalkit.content.FormService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** TEMPORARY, until the starter lands: what its auto-configuration will provide. */
@Configuration(proxyBeanMethods = false)
class InterimPortalConfiguration {

    @Bean(destroyMethod = "close")
    Portal portal(DataSource dataSource, Clock clock, PaymentGateway gateway, EmailSender sender, MeterRegistry meters,
                  @Value("${portalkit.auth.bcrypt-cost:12}") int cost, @Value("${portalkit.messaging.from}") String from) {
        return Portal.builder().dataSource(dataSource).clock(clock).meterRegistry(meters)
                .hostTransactions(ds -> {
                    if (!TransactionSynchronizationManager.isActualTransactionActive()
                            || TransactionSynchronizationManager.getResource(ds) == null) {
                        return null;
                    }
                    return new HostTransaction() {
                        Connection c;

                        @Override
                        public Connection connection() {
                            if (c == null) {
                                c = DataSourceUtils.getConnection(ds);
                            }
                            return c;
                        }

                        @Override
                        public void setRollbackOnly(PortalException cause) {
                            ((ConnectionHolder) TransactionSynchronizationManager.getResource(ds)).setRollbackOnly();
                        }

                        @Override
                        public void afterCommit(Runnable action) {
                            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public void afterCommit() {
                                    action.run();
                                }
                            });
                        }

                        @Override
                        public void release() {
                            if (c != null) {
                                DataSourceUtils.releaseConnection(c, ds);
                                c = null;
                            }
                        }
                    };
                })
                .install(new AuthModule(AuthOptions.builder().bcryptCost(cost).build()),
                        new BillingModule(BillingOptions.builder().gateway(gateway).build()),
                        new ContentModule(),
                        new MessagingModule(MessagingOptions.builder().from(from).sender(sender).build()))
                .build();
    }

    @Bean UserService userService(Portal p) { return p.service(UserService.class); }
    @Bean AuthService authService(Portal p) { return p.service(AuthService.class); }
    @Bean PricingService pricingService(Portal p) { return p.service(PricingService.class); }
    @Bean SubscriptionService subscriptionService(Portal p) { return p.service(SubscriptionService.class); }
    @Bean dev.portalkit.billing.PaymentService paymentService(Portal p) { return p.service(dev.portalkit.billing.PaymentService.class); }
    @Bean BookingService bookingService(Portal p) { return p.service(BookingService.class); }
    @Bean ResourceService resourceService(Portal p) { return p.service(ResourceService.class); }
    @Bean FormService formService(Portal p) { return p.service(FormService.class); }
    @Bean EmailService emailService(Portal p) { return p.service(EmailService.class); }
    @Bean EmailTemplateService emailTemplateService(Portal p) { return p.service(EmailTemplateService.class); }
    @Bean MessageService messageService(Portal p) { return p.service(MessageService.class); }
    @Bean ActivityLog activityLog(Portal p) { return p.service(ActivityLog.class); }
}
