package dev.portalkit.spring;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the {@link PortalKitJob} beans on a scheduler of its own, started once the context is refreshed
 * and stopped (running jobs finish first) before the Portal closes. Its own scheduler, not a TaskScheduler
 * bean: the host's {@code @EnableScheduling}, or its absence, is left alone.
 */
public final class PortalKitJobs implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PortalKitJobs.class);

    private final List<PortalKitJob> jobs;
    private volatile ThreadPoolTaskScheduler scheduler;

    public PortalKitJobs(List<PortalKitJob> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    public List<PortalKitJob> jobs() {
        return jobs;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || jobs.isEmpty()) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(jobs.size());
        s.setThreadNamePrefix("portalkit-jobs-");
        s.setDaemon(true);
        s.setWaitForTasksToCompleteOnShutdown(true);
        s.setAwaitTerminationSeconds(30);
        s.initialize();
        for (PortalKitJob job : jobs) {
            // Fixed delay: a slow run (a slow SMTP server) never piles further runs up behind it.
            s.scheduleWithFixedDelay(job::runOnce, job.interval());
        }
        scheduler = s;
        LOG.info("PortalKit jobs started: {}", jobs);
    }

    @Override
    public synchronized void stop() {
        ThreadPoolTaskScheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
