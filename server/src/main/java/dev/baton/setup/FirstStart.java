package dev.baton.setup;

import dev.baton.account.Account;
import dev.baton.account.AccountService;
import dev.baton.account.AgentService;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with an empty database: an account, its first administrator and, unless in
 * production mode, a demo web-widget inbox with a demo page at {@code /demo}.
 */
@Component
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final SetupRepository setup;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final BatonProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Environment environment;
    private final dev.baton.routing.TeamService teams;
    private final dev.baton.bot.StoryService stories;
    private final tools.jackson.databind.json.JsonMapper json;

    FirstStart(SetupRepository setup, AccountService accounts, AgentService agents, InboxService inboxes,
               BatonProperties properties, TransactionTemplate transactions, Clock clock, Environment environment,
               dev.baton.routing.TeamService teams, dev.baton.bot.StoryService stories, tools.jackson.databind.json.JsonMapper json) {
        this.teams = teams;
        this.stories = stories;
        this.json = json;
        this.setup = setup;
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (setup.done()) {
            log.info("Baton is ready at {}/app/", baseUrl());
            return;
        }
        String givenPassword = properties.bootstrap().admin().password();
        if (properties.production() && (givenPassword == null || givenPassword.isBlank())) {
            throw new ProductionModeRefused("baton.mode=production will not generate the first administrator's password: "
                    + "set BATON_BOOTSTRAP_ADMIN_EMAIL and BATON_BOOTSTRAP_ADMIN_PASSWORD (at least 8 characters)");
        }
        transactions.executeWithoutResult(status -> {
            if (!setup.claim(clock.instant())) {
                return;
            }
            boolean generated = givenPassword == null || givenPassword.isBlank();
            String password = generated ? Tokens.random(12) : givenPassword;
            String email = properties.bootstrap().admin().email();
            Account account = accounts.createAccount(properties.demoEnabled() ? "Baton Demo" : "Baton", "en");
            AgentService.Created admin = agents.addMember(account.id(), new AgentService.NewAgent("Administrator", email,
                    "administrator", null, password, true, 3));
            if (properties.demoEnabled()) {
                Inbox demo = inboxes.createInbox(account.id(), new InboxService.InboxSettings("Demo website", "web_widget",
                        null, null, "#1f6feb", "Hi there 👋", "We usually answer within a minute.", null, null,
                        List.of(), false));
                inboxes.addMember(account.id(), demo.id(), admin.agent().id());
                demoStory(account, demo, admin.agent(), email);
                setup.demoInbox(demo.id());
            }
            StringBuilder banner = new StringBuilder("\n\n==================== Baton first start ====================\n")
                    .append("  Agent workspace: ").append(baseUrl()).append("/app/\n")
                    .append("  Administrator:   ").append(email).append('\n');
            if (generated) {
                banner.append("  Password:        ").append(password).append("   (generated; shown only this once)\n");
            }
            if (properties.demoEnabled()) {
                banner.append("  Demo page:       ").append(baseUrl()).append("/demo  (a visitor's view with the widget)\n");
            }
            banner.append("============================================================\n");
            log.warn(banner.toString());
        });
    }

    /** The demo story (seeds 000 and 001) in en, de, fr and it (ADR 0054), run by the demo inbox, with a team "Support". */
    private void demoStory(Account account, Inbox demo, dev.baton.account.Agent admin, String email) {
        dev.baton.account.CurrentUser acting = new dev.baton.account.CurrentUser(admin.id(), email, admin.name());
        dev.baton.routing.Team team = teams.create(account.id(), acting,
                new dev.baton.routing.TeamService.TeamSettings("Support", "The demo team", true, null, null, null, null, null, null, null,
                        null, null));
        teams.addMembers(account.id(), acting, team.id(), List.of(admin.id()));
        try (var in = new org.springframework.core.io.ClassPathResource("demo/story.json").getInputStream()) {
            var story = stories.createStory(account.id(), "Demo story", json.readTree(in));
            stories.publishStory(account.id(), story.id());
            inboxes.updateAutomation(account.id(), demo.id(), new Inbox.Automation(story.id(), team.id(), List.of(),
                    "{{first_name}} ({{company}})", email));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The demo story is missing from the build", e);
        }
    }

    private String baseUrl() {
        if (!properties.publicUrl().isBlank()) {
            return properties.publicUrl();
        }
        return "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }
}
