package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Setting;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserSettingsIT {

    static final Setting<String> LANGUAGE = Setting.string("ui.language", "en");
    static final Setting<Boolean> DIGEST = Setting.bool("mail.weekly-digest", true);

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.userSettings(LANGUAGE, DIGEST), null);

    @Test
    void settingsAreTypedPerUserAndGoWithTheUser() {
        UserService users = kit.portal().service(UserService.class);
        UserSettingsService settings = kit.portal().service(UserSettingsService.class);
        User ann = users.register(NewUser.member(TestData.email("ann"), AuthTests.PASSWORD, "Ann"), AuthTests.CLIENT);
        User bob = users.register(NewUser.member(TestData.email("bob"), AuthTests.PASSWORD, "Bob"), AuthTests.CLIENT);
        assertThat(settings.get(ann.id(), LANGUAGE)).isEqualTo("en");
        settings.set(ann.id(), LANGUAGE, "de", AuthTests.CLIENT);
        settings.set(ann.id(), DIGEST, false, AuthTests.CLIENT);
        assertThat(settings.get(ann.id(), LANGUAGE)).isEqualTo("de");
        assertThat(settings.get(bob.id(), LANGUAGE)).isEqualTo("en");
        assertThat(settings.set(ann.id(), LANGUAGE, "fr", AuthTests.CLIENT).version()).isEqualTo(2);
        assertThat(settings.all(ann.id())).extracting(v -> v.setting().key()).containsExactly("mail.weekly-digest", "ui.language");
        assertThat(settings.reset(ann.id(), DIGEST, AuthTests.CLIENT)).isTrue();
        assertThat(settings.get(ann.id(), DIGEST)).isTrue();

        assertThatThrownBy(() -> settings.set(ann.id(), Setting.string("undeclared", "x"), "y", AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("undeclared");
        assertThatThrownBy(() -> settings.set(UUID.randomUUID(), LANGUAGE, "de", AuthTests.CLIENT))
                .isInstanceOf(NotFoundException.class);

        // The user's rows cascade with a hard delete of the user.
        assertThat(AuthDb.update(kit, "DELETE FROM portal.users WHERE id = ?", ann.id())).isOne();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.user_settings WHERE user_id = ?", ann.id())).isZero();
    }
}
