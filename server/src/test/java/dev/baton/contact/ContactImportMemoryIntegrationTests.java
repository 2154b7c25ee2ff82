package dev.baton.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;
import dev.baton.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A 100,000-row import streams: while it runs, at most one batch of rows per worker is alive (counted in the
 * JVM's class histogram, after a full collection, at every progress step), and on PostgreSQL the live heap stays
 * within a bound that holding the rows would break. The figures go to the log and to BENCHMARKS.md.
 */
class ContactImportMemoryIntegrationTests extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ContactImportMemoryIntegrationTests.class);
    private static final int ROWS = 100_000;
    private static final long BOUND = 48L * 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    void importsOneHundredThousandRowsInBoundedMemory() throws Exception {
        Fixtures.World world = fixtures.world();
        ContactImportIntegrationTests.definePlan(world);
        Path file = temp.resolve("contacts.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("identifier,name,email,phone_number,plan,labels,note\n");
            for (int i = 1; i <= ROWS; i++) {
                out.write("crm-" + i + ",Person number " + i + ",person" + i + "@bulk.example,+41 44 " + (1_000_000 + i)
                        + "," + (i % 2 == 0 ? "gold" : "silver") + ",bulk;wave-" + (i % 10)
                        + ",a note that makes the row a little longer than it needs to be\n");
            }
        }
        long fileBytes = Files.size(file);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = liveHeap(memory);
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong records = new AtomicLong();
        AtomicLong contacts = new AtomicLong();
        long started = System.nanoTime();

        Api.Response upload = new Multipart().file("import_file", "contacts.csv", "text/csv", file)
                .post(world.admin.api(), world.path("/contacts/import"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
        long id = upload.json().path("id").asLong();
        JsonNode[] job = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, Long> live = liveInstances();
            records.accumulateAndGet(live.getOrDefault("org.apache.commons.csv.CSVRecord", 0L), Math::max);
            contacts.accumulateAndGet(live.getOrDefault("dev.baton.contact.Contact", 0L), Math::max);
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            job[0] = world.admin.api().get(world.path("/contacts/imports/" + id)).json();
            return job[0].path("status").asString().equals("completed") || job[0].path("status").asString().equals("failed");
        });
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(job[0].path("status").asString()).as(job[0].toString()).isEqualTo("completed");
        assertThat(job[0].path("created_records").asLong()).isEqualTo(ROWS);
        assertThat(job[0].path("failed_records").asLong()).isZero();
        long growth = peak.get() - baseline;
        log.info("Imported {} rows ({} MiB of CSV) on {} in {} s: live heap {} MiB before, at most {} MiB during (+{} MiB); "
                        + "at most {} CSV records and {} contacts alive at once",
                ROWS, fileBytes / (1024 * 1024), TestDatabase.isPostgres() ? "PostgreSQL" : "H2 (in memory)",
                String.format("%.1f", seconds), baseline / (1024 * 1024), peak.get() / (1024 * 1024), growth / (1024 * 1024),
                records.get(), contacts.get());
        // Whatever the database: the importer holds at most one batch of rows per worker (2 x 500), never the file.
        assertThat(records.get()).as("CSV records alive at once").isLessThanOrEqualTo(2 * 501);
        assertThat(contacts.get()).as("contacts alive at once").isLessThan(10_000);
        if (TestDatabase.isPostgres()) {
            // H2 in memory keeps the imported rows in this heap, so the growth says something only on PostgreSQL.
            assertThat(growth).as("live heap growth during the import (the file alone is %d bytes)", fileBytes)
                    .isLessThan(BOUND);
        }
    }

    /** Live instances per class, from the JVM's class histogram (which runs a full collection first). */
    private static Map<String, Long> liveInstances() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        Map<String, Long> counts = new HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 4 && cells[0].endsWith(":")) {
                counts.put(cells[3], Long.parseLong(cells[1]));
            }
        }
        return counts;
    }

    /** The heap still in use after a full collection: what the import keeps, not what it has thrown away. */
    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
