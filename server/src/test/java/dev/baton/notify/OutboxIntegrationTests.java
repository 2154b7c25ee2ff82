package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.baton.BatonApplication;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox keeps an e-mail while the SMTP server is down and sends it once the server is back: nothing is
 * lost. The worker's schedule is stopped; the test moves the clock and runs it.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.smtp.host=127.0.0.1",
                "baton.smtp.starttls=false",
                "baton.smtp.from=chat@shop.example",
                "baton.outbox.interval=1h",
                "baton.routing.sweeper-enabled=false"
        })
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class})
class OutboxIntegrationTests extends IntegrationTest {

    private static final int PORT = LocalSmtp.freePort();

    @Autowired
    private MailOutbox outbox;

    @Autowired
    private OutboxWorker worker;

    @Autowired
    private MutableClock clock;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    private GreenMail smtp;

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("baton.smtp.port", () -> PORT);
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aMailQueuedWhileTheSmtpServerIsDownIsSentOnceItIsBack() throws Exception {
        String to = "sales-" + System.nanoTime() + "@shop.example";
        transactions.executeWithoutResult(status -> outbox.queue(null, new Mail(to, "Call back", "Please call Vera back.")));

        worker.drain(); // nobody listens on the SMTP port yet
        var row = jdbc.sql("SELECT status, attempts, last_error FROM outbox WHERE payload LIKE ?").param("%" + to + "%")
                .query((rs, n) -> new String[] {rs.getString(1), String.valueOf(rs.getInt(2)), rs.getString(3)}).single();
        assertThat(row[0]).isEqualTo("pending");
        assertThat(row[1]).isEqualTo("1");
        assertThat(row[2]).isNotBlank();

        smtp = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        worker.drain(); // the retry is not due yet
        assertThat(smtp.getReceivedMessages()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        worker.drain();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Call back");
        assertThat(jdbc.sql("SELECT status FROM outbox WHERE payload LIKE ?").param("%" + to + "%").query(String.class).single())
                .isEqualTo("sent");

        worker.drain(); // sent once, not again
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
}
