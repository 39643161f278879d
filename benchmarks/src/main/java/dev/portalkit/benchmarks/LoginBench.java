package dev.portalkit.benchmarks;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Section 4: logins per second at the default bcrypt cost (12) with 8 threads next to raw jBCrypt
 * checks per second on the same machine, and the latency of {@code find user by id} while 50
 * logins run at once.
 */
final class LoginBench {

    void run(Report out, boolean full) throws Exception {
        try (Fixture f = new Fixture(12, 8)) {
            CallContext ctx = CallContext.system("bench-setup");
            UserService users = f.portal.service(UserService.class);
            AuthService auth = f.portal.service(AuthService.class);
            List<User> us = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                us.add(users.register(NewUser.member("login" + i + "-" + System.nanoTime() + "@bench.test",
                        HotCalls.PASSWORD, "Login " + i), ctx));
            }
            String hash = BCrypt.hashpw(HotCalls.PASSWORD, BCrypt.gensalt(12));
            AtomicInteger k = new AtomicInteger();
            CallContext anon = CallContext.anonymous("127.0.0.1", "bench");
            Runnable login = () -> auth.login(us.get(k.incrementAndGet() % us.size()).email(), HotCalls.PASSWORD, false, anon);
            Runnable check = () -> HotCalls.need(BCrypt.checkpw(HotCalls.PASSWORD, hash));
            // A hash takes a fifth of a second of CPU: short windows lose a large share of the calls in
            // flight at their edges, so even the quick mode measures 3 x 5 s per side.
            long measure = full ? 8000 : 5000;
            List<Measure.Result> pk = new ArrayList<>();
            List<Measure.Result> raw = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                if (r % 2 == 0) {
                    raw.add(Measure.run(check, 8, 500, measure));
                    pk.add(Measure.run(login, 8, 500, measure));
                } else {
                    pk.add(Measure.run(login, 8, 500, measure));
                    raw.add(Measure.run(check, 8, 500, measure));
                }
            }
            Measure.Result p = Measure.Result.combine(pk);
            Measure.Result b = Measure.Result.combine(raw);
            double ratio = p.opsPerSec() / b.opsPerSec();

            // Reader latency: alone, then while 50 logins run at once.
            Runnable find = () -> HotCalls.need(users.find(us.get(k.incrementAndGet() % us.size()).id()).isPresent());
            Measure.Result alone = Measure.run(find, 1, 500, 2000);
            long[] under = readerDuring50Logins(find, login);
            double p95 = Measure.pct(under, 0.95);
            double p50 = Measure.pct(under, 0.50);

            out.line("## Section 4: login under load (bcrypt cost 12, PortalKit default; hashingConcurrency = cores = "
                    + Runtime.getRuntime().availableProcessors() + ")");
            out.line("");
            out.line("| measure | value | target | met |");
            out.line("|---|---|---|---|");
            out.line(String.format("| logins/s, 8 threads | %.2f (p50 %.0f ms) | | |", p.opsPerSec(), p.p50us() / 1e3));
            out.line(String.format("| raw jBCrypt checkpw/s, 8 threads | %.2f | | |", b.opsPerSec()));
            out.line(String.format("| ratio logins / raw hashes | %.2f | ≥ 0.90 | %s |", ratio, ratio >= 0.9 ? "yes" : "no"));
            out.line(String.format("| find user by id alone, p50 / p95 | %.2f / %.2f ms | | |", alone.p50us() / 1e3, alone.p95us() / 1e3));
            out.line(String.format("| find user by id during 50 concurrent logins, p50 / p95 (%d calls) | %.2f / %.2f ms | p95 < 20 ms | %s |",
                    under.length, p50 / 1e3, p95 / 1e3, p95 / 1e3 < 20 ? "yes" : "no"));
            out.line("");
        }
    }

    private static long[] readerDuring50Logins(Runnable find, Runnable login) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    login.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        AtomicBoolean over = new AtomicBoolean();
        long[] buf = new long[1 << 16];
        int n = 0;
        start.countDown();
        Thread waiter = new Thread(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            over.set(true);
        });
        waiter.start();
        while (!over.get()) {
            long t0 = System.nanoTime();
            find.run();
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = System.nanoTime() - t0;
        }
        long[] r = Arrays.copyOf(buf, n);
        Arrays.sort(r);
        return r;
    }
}
