package dev.portalkit.examples.spring;

import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.Role;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.examples.HttpError;
import dev.portalkit.examples.Views;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The latest audit entries, for administrators (and owners) only. */
@RestController
class AdminController {

    private final ActivityLog activity;

    AdminController(ActivityLog activity) {
        this.activity = activity;
    }

    @GetMapping("/api/admin/activity")
    Map<String, Object> recentActivity(Caller caller, @RequestParam(name = "limit", required = false) String limit) {
        Authenticated a = caller.user();
        if (!a.role().hasAtLeast(Role.ADMIN)) {
            throw HttpError.forbidden("Recent activity is for administrators only");
        }
        int n = Views.integer("limit", limit == null ? "50" : limit, 1, 200);
        return Map.of("activity", activity.find(ActivityQuery.all(), PageRequest.first(n)).items().stream()
                .map(Views::activity).toList());
    }
}
