package dev.baton.contact;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A finished import's error report is kept for {@code baton.imports.error-retention} (30 days by default), then its
 * rows go and the report answers 410; the import and its counts stay. Own database: the clock moves a month on.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"baton.demo.enabled=false", "baton.imports.error-sweep-interval=1h"})
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class})
class ContactImportRetentionIntegrationTests extends IntegrationTest {

    @Autowired
    private MutableClock clock;

    @Autowired
    private ImportWorker worker;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void anImportsErrorReportIsRemovedThirtyDaysAfterItFinishedAndThenAnswersGoneWhileTheImportStays() {
        Fixtures.World world = fixtures.world();
        JsonNode job = Imports.run(world, """
                name,email
                Good,good@shop.example
                Bad,not-an-email
                Worse,also-not-an-email
                """);
        long id = job.path("id").asLong();
        String report = world.path("/contacts/imports/" + id + "/errors");
        assertThat(job.path("failed_records").asLong()).isEqualTo(2);
        assertThat(job.path("errors_url").asString()).endsWith("/contacts/imports/" + id + "/errors");

        clock.advance(Duration.ofDays(29));
        worker.removeExpiredErrors();
        assertThat(Imports.errors(world, id)).hasSize(2);

        clock.advance(Duration.ofDays(2));
        worker.removeExpiredErrors();
        assertProblem(world.admin.api().get(report), 410, "import_errors_expired");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_import_error WHERE import_id = ?").param(id).query(Long.class).single())
                .isZero();
        JsonNode after = world.admin.api().get(world.path("/contacts/imports/" + id)).json();
        assertThat(after.path("failed_records").asLong()).isEqualTo(2);
        assertThat(after.path("errors_url").isNull()).isTrue();
        List<Long> listed = world.admin.api().get(world.path("/contacts/imports")).json().path("payload").valueStream()
                .filter(i -> i.path("id").asLong() == id).map(i -> i.path("failed_records").asLong()).toList();
        assertThat(listed).containsExactly(2L);
    }
}
