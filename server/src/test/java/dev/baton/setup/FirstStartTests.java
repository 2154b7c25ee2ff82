package dev.baton.setup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.baton.account.AccountService;
import dev.baton.account.AgentService;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonProperties;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

class FirstStartTests {

    private static BatonProperties production(String adminPassword) {
        return new BatonProperties(BatonProperties.Mode.PRODUCTION, Path.of("data"), "", "",
                new BatonProperties.Demo(null), new BatonProperties.Bootstrap(new BatonProperties.Admin("a@b.example", adminPassword)),
                new BatonProperties.Limits(1_048_576, 20_000), null, null, null, null, null, null);
    }

    @Test
    void productionModeRefusesToGenerateTheFirstAdministratorsPassword() {
        SetupRepository setup = mock(SetupRepository.class);
        when(setup.done()).thenReturn(false);
        AccountService accounts = mock(AccountService.class);
        FirstStart firstStart = new FirstStart(setup, accounts, mock(AgentService.class), mock(InboxService.class),
                production(null), mock(TransactionTemplate.class), Clock.systemUTC(), new MockEnvironment(),
                mock(dev.baton.routing.TeamService.class), mock(dev.baton.bot.StoryService.class), null);

        assertThatThrownBy(() -> firstStart.run(new DefaultApplicationArguments()))
                .isInstanceOf(ProductionModeRefused.class)
                .hasMessageContaining("BATON_BOOTSTRAP_ADMIN_PASSWORD");
        verifyNoInteractions(accounts);
    }

    @Test
    void productionModeRefusesTheEmbeddedDatabaseBeforeAnythingStarts() {
        StartupChecks checks = new StartupChecks();
        checks.setEnvironment(new MockEnvironment().withProperty("baton.mode", "production")
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/baton"));
        assertThatThrownBy(() -> checks.postProcessBeanFactory(new DefaultListableBeanFactory()))
                .isInstanceOf(ProductionModeRefused.class).hasMessageContaining("BATON_DB_URL");
    }

    @Test
    void productionModeRefusesDemoData() {
        StartupChecks checks = new StartupChecks();
        checks.setEnvironment(new MockEnvironment().withProperty("baton.mode", "production")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/baton").withProperty("baton.demo.enabled", "true"));
        assertThatThrownBy(() -> checks.postProcessBeanFactory(new DefaultListableBeanFactory()))
                .isInstanceOf(ProductionModeRefused.class).hasMessageContaining("demo");
    }
}
