package dev.portalkit.benchmarks;

import dev.portalkit.benchmarks.jpa.ActivityEntity;
import dev.portalkit.benchmarks.jpa.BookingEntity;
import dev.portalkit.benchmarks.jpa.UserEntity;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.PageRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/**
 * Section 2: find-by-e-mail, book and the provider's list page written with plain Hibernate/JPA
 * entities (no Spring), on the same pool and database, against PortalKit's services.
 */
final class HibernateBench {

    static SessionFactory sessionFactory(Fixture f) {
        Configuration cfg = new Configuration();
        cfg.addAnnotatedClass(UserEntity.class).addAnnotatedClass(BookingEntity.class).addAnnotatedClass(ActivityEntity.class);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, f.pool);
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        cfg.setProperty(AvailableSettings.SHOW_SQL, "false");
        return cfg.buildSessionFactory();
    }

    static Map<String, Runnable> hibernate(SessionFactory sf, HotCalls d) {
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("findUserByEmail", () -> HotCalls.need(sf.fromSession(s -> s.createSelectionQuery(
                "from UserEntity u where lower(u.email) = lower(:e) and u.deletedAt is null", UserEntity.class)
                .setParameter("e", d.users.get(HotCalls.idx(d, HotCalls.USERS)).email()).getSingleResultOrNull()) != null));
        m.put("book", () -> sf.inTransaction(s -> {
            NewBooking nb = d.nextBooking();
            UserEntity customer = s.find(UserEntity.class, nb.customerId());
            UserEntity provider = s.find(UserEntity.class, nb.providerId());
            UserEntity actor = s.find(UserEntity.class, d.users.get(0).id());
            HotCalls.need(customer != null && provider != null && customer.deletedAt == null && provider.deletedAt == null);
            BookingEntity b = new BookingEntity();
            b.customer = customer;
            b.provider = provider;
            b.startsAt = nb.startsAt();
            b.endsAt = nb.endsAt();
            b.blockedFrom = nb.startsAt();
            b.blockedUntil = nb.endsAt();
            b.timeZone = nb.timeZone();
            b.title = nb.title();
            b.status = "CONFIRMED";
            b.confirmedAt = Instant.now();
            s.persist(b);
            ActivityEntity a = new ActivityEntity();
            a.occurredAt = Instant.now();
            a.actorId = actor.id;
            a.actorEmail = actor.email;
            a.actorRole = actor.role;
            a.action = "booking.created";
            a.entityType = "booking";
            a.entityId = b.id;
            a.after = Map.of("id", b.id.toString(), "status", "CONFIRMED", "startsAt", b.startsAt.toString());
            a.ip = "127.0.0.1";
            a.userAgent = "bench";
            s.persist(a);
        }));
        m.put("providerBookingsPage", () -> HotCalls.need(sf.fromSession(s -> s.createSelectionQuery(
                "from BookingEntity b where b.provider.id = :p and b.startsAt >= :f and b.startsAt < :t order by b.startsAt, b.id",
                BookingEntity.class).setParameter("p", d.busyProvider).setParameter("f", d.rangeFrom).setParameter("t", d.rangeTo)
                .setMaxResults(21).getResultList()).size() == 21));
        return m;
    }

    void run(Fixture f, HotCalls d, Report out, boolean full, Summary summary) {
        try (SessionFactory sf = sessionFactory(f)) {
            Map<String, Runnable> h = hibernate(sf, d);
            Map<String, Runnable> pk = new LinkedHashMap<>();
            Services sv = Services.of(f.portal);
            CallContext ctx = CallContext.of(d.users.get(0).id(), "127.0.0.1", "bench");
            pk.put("findUserByEmail", () -> HotCalls.need(sv.users().findByEmail(d.users.get(HotCalls.idx(d, HotCalls.USERS)).email()).isPresent()));
            pk.put("book", () -> sv.bookings().book(d.nextBooking(), ctx));
            pk.put("providerBookingsPage", () -> HotCalls.need(sv.bookings().forProvider(d.busyProvider, d.rangeFrom, d.rangeTo,
                    PageRequest.first(20)).items().size() == 20));
            try (SessionFactory counted = sessionFactoryCounted(f)) {
                Map<String, Runnable> hc = hibernate(counted, d);
                Map<String, Runnable> pkc = HotCalls.portalKit(f.countedPortal, d);
                out.line("## Section 2: PortalKit vs plain Hibernate " + org.hibernate.Version.getVersionString() + " (same pool)");
                out.line("");
                out.line("| call | RT PortalKit | RT Hibernate | threads | rounds | PortalKit / Hibernate (median of rounds) | target"
                        + " | IQR of round ratios | range | PortalKit ops/s | Hibernate ops/s |");
                out.line("|---|---|---|---|---|---|---|---|---|---|---|");
                Rounds.Plan plan = full ? Rounds.Plan.full() : Rounds.Plan.quick();
                for (String call : h.keySet()) {
                    Rounds.warm(h.get(call), pk.get(call), plan);
                    double rtPk = OverheadBench.count(f, pkc.get(call));
                    double rtH = OverheadBench.count(f, hc.get(call));
                    double target = call.equals("findUserByEmail") ? 1.0 : 1.3;
                    for (int threads : OverheadBench.THREADS) {
                        Rounds.Comparison c = Rounds.compare(h.get(call), pk.get(call), threads, plan);
                        summary.hibernate.add(new Summary.RowRatio(call, threads, c.median()));
                        out.line(String.format("| %s | %.1f | %.1f | %d | %d | %.2f%s | ≥ %.1f | %.2f–%.2f | %.2f–%.2f | %.0f | %.0f |",
                                call, rtPk, rtH, threads, c.rounds(), c.median(), c.median() >= target ? "" : " ✗", target,
                                c.q1(), c.q3(), c.lo(), c.hi(), c.pkCombined().opsPerSec(), c.baseCombined().opsPerSec()));
                    }
                }
                out.line("");
            }
        }
    }

    static SessionFactory sessionFactoryCounted(Fixture f) {
        Configuration cfg = new Configuration();
        cfg.addAnnotatedClass(UserEntity.class).addAnnotatedClass(BookingEntity.class).addAnnotatedClass(ActivityEntity.class);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, f.countedPool);
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        return cfg.buildSessionFactory();
    }
}
