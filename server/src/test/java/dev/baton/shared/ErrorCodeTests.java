package dev.baton.shared;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One code, one status, one message: the enum, the message bundle and docs/api.md agree. */
class ErrorCodeTests {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** A row of the table in docs/api.md's "Errors" section: | 409 | `agent_at_capacity` | meaning |. */
    private static final Pattern RULE_HOLDER = Pattern.compile(
            ".*(Service|Repository|Runner|Router|Outcomes|Presence|Sweeper)\\.java|(ErrorCode|BatonException|RateLimited|FieldProblem)\\.java");
    /** The languages besides English that every message is written in: all that requests may ask for. */
    private static final List<String> TRANSLATIONS = RequestLanguage.SUPPORTED.stream()
            .filter(l -> !l.equals(java.util.Locale.ENGLISH)).map(java.util.Locale::getLanguage).toList();
    /** A MessageFormat argument: {0}, {1,number,integer}, {0,choice,...}. */
    private static final Pattern ARGUMENT = Pattern.compile("\\{\\s*(\\d+)\\s*(?:,\\s*(\\w+))?");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*(\\d{3})\\s*\\|\\s*`([^`]+)`\\s*\\|.*\\|\\s*$");

    @Test
    void everyCodeHasOneMessageAndEveryMessageNamesACode() throws IOException {
        Properties bundle = bundle();
        Set<String> keys = bundle.stringPropertyNames();
        Set<String> expected = Arrays.stream(ErrorCode.values()).map(ErrorCode::messageKey).collect(Collectors.toSet());
        assertThat(keys).allMatch(k -> k.startsWith("errors."), "every key is an errors.* key");
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(bundle.values()).allMatch(v -> !v.toString().isBlank(), "no empty message");
    }

    /** A new code cannot ship untranslated, nor a translation drop or add an argument. */
    @Test
    void everyLanguageSaysEveryCodeWithTheSameArguments() throws IOException {
        Properties english = bundle("");
        for (String language : TRANSLATIONS) {
            Properties translated = bundle("_" + language);
            assertThat(translated.stringPropertyNames()).as("errors_%s.properties", language)
                    .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
            for (ErrorCode code : ErrorCode.values()) {
                String pattern = translated.getProperty(code.messageKey());
                assertThat(pattern).as("%s in %s", code.messageKey(), language).isNotBlank();
                assertThat(pattern.replace("''", "")).as("%s in %s", code.messageKey(), language).doesNotContain("'");
                assertThat(arguments(pattern)).as("the arguments of %s in %s", code.messageKey(), language)
                        .isEqualTo(arguments(english.getProperty(code.messageKey())));
            }
        }
    }

    @Test
    void rendersTheDetailInTheLanguageAskedForAndEnglishForOthers() {
        BatonException tooLong = new BatonException(ErrorCode.MESSAGE_TOO_LONG, List.of(), 1000, 1204);
        assertThat(tooLong.detail(java.util.Locale.GERMAN)).isEqualTo("Eine Nachricht darf höchstens 1000 Zeichen haben; diese hat 1204");
        assertThat(tooLong.detail(java.util.Locale.FRENCH)).isEqualTo("Un message peut avoir au plus 1000 caractères ; celui-ci en a 1204");
        assertThat(tooLong.detail(java.util.Locale.ITALIAN)).isEqualTo("Un messaggio può avere al massimo 1000 caratteri; questo ne ha 1204");
        assertThat(tooLong.detail(java.util.Locale.JAPANESE)).isEqualTo(tooLong.getMessage())
                .isEqualTo("A message may have at most 1000 characters; this one has 1204");
        assertThat(tooLong.detail(java.util.Locale.forLanguageTag("de-CH"))).startsWith("Eine Nachricht");
        assertThat(new RateLimited(1).detail(java.util.Locale.GERMAN)).isEqualTo("Zu viele Anfragen; versuchen Sie es in 1 Sekunde erneut");
        assertThat(new RateLimited(30).detail(java.util.Locale.ITALIAN)).isEqualTo("Troppe richieste; riprova tra 30 secondi");
        assertThat(new BatonException(ErrorCode.INVALID_STORY, List.of(), 2).detail(java.util.Locale.FRENCH)).isEqualTo("Le scénario a 2 problèmes");
    }

    @Test
    void codesAreUniqueSnakeCaseWithAnErrorStatus() {
        List<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        assertThat(codes).doesNotHaveDuplicates().allMatch(c -> SNAKE_CASE.matcher(c).matches(), "snake_case");
        assertThat(ErrorCode.values()).allMatch(c -> c.status() >= 400 && c.status() <= 599, "a 4xx or 5xx status");
        assertThat(ErrorCode.values()).allMatch(c -> c.messageKey().equals("errors." + c.code()));
    }

    @Test
    void everyMessageIsAValidPatternWithoutStrayApostrophes() throws IOException {
        Properties bundle = bundle();
        for (ErrorCode code : ErrorCode.values()) {
            String pattern = bundle.getProperty(code.messageKey());
            // In MessageFormat a single apostrophe quotes what follows: "agent's {0}" would lose {0}.
            assertThat(pattern.replace("''", "")).as(code.messageKey()).doesNotContain("'");
            MessageFormat format = new MessageFormat(pattern, java.util.Locale.ENGLISH);
            Object[] args = Arrays.stream(format.getFormatsByArgumentIndex()).map(f -> f == null ? (Object) "A" : 2).toArray();
            String rendered = format.format(args);
            assertThat(rendered).as(code.messageKey()).doesNotContain("{").isNotBlank();
        }
    }

    @Test
    void rendersTheDetailFromTheCodesMessageAndTheThrowSitesArguments() {
        assertThat(BatonException.notFound("Conversation").getMessage()).isEqualTo("Conversation not found");
        assertThat(new BatonException(ErrorCode.MESSAGE_TOO_LONG, List.of(), 1000, 1204).getMessage())
                .isEqualTo("A message may have at most 1000 characters; this one has 1204");
        assertThat(new BatonException(ErrorCode.AGENT_AT_CAPACITY, "Anna", 3, 3).getMessage())
                .isEqualTo("Anna has no free capacity (3 of 3 conversations)");
        assertThat(BatonException.forbidden("the conversation's agent or a supervisor", "transfer it").getMessage())
                .isEqualTo("Only the conversation's agent or a supervisor may transfer it");
        assertThat(new BatonException(ErrorCode.INVALID_STORY, List.of(), 1).getMessage()).isEqualTo("The story has 1 problem");
        assertThat(new BatonException(ErrorCode.INVALID_STORY, List.of(), 4).getMessage()).isEqualTo("The story has 4 problems");
        assertThat(new RateLimited(0).getMessage()).isEqualTo("Too many requests; try again in 1 second");
        assertThat(new RateLimited(0).retryAfterSeconds()).isEqualTo(1);
        assertThat(new RateLimited(30).getMessage()).isEqualTo("Too many requests; try again in 30 seconds");
    }

    @Test
    void aValidationProblemSaysWhatItsFieldsSay() {
        BatonException one = BatonException.invalid("name", "required", "name is required");
        assertThat(one.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(one.getMessage()).isEqualTo("name is required");
        assertThat(one.fieldErrors()).containsExactly(new FieldProblem("name", "required", "name is required"));

        BatonException several = BatonException.invalid(List.of(
                new FieldProblem("channel.widget_color", "format", "widget_color must look like #1f93ff"),
                new FieldProblem("email", "email", "must be a well-formed email address"),
                new FieldProblem("agent_id", "required", "send either agent_id or team_id")));
        assertThat(several.getMessage()).isEqualTo("widget_color must look like #1f93ff; "
                + "email: must be a well-formed email address; agent_id: send either agent_id or team_id");
    }

    @Test
    void apiDocsListExactlyTheCodesWithTheirStatuses() throws IOException {
        Map<String, Integer> documented = new LinkedHashMap<>();
        boolean inErrors = false;
        for (String line : Files.readAllLines(repository().resolve("docs/api.md"))) {
            if (line.startsWith("## ")) {
                inErrors = line.equals("## Errors");
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inErrors && row.matches()) {
                assertThat(documented.put(row.group(2), Integer.parseInt(row.group(1))))
                        .as("%s is documented once", row.group(2)).isNull();
            }
        }
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            actual.put(code.code(), code.status());
        }
        assertThat(documented).as("docs/api.md, section Errors").containsExactlyInAnyOrderEntriesOf(actual);
    }

    @Test
    void servicesAndOtherRuleHoldersNeverUseHttpTypes() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton");
        noClasses().that().haveSimpleNameEndingWith("Service")
                .or().haveSimpleNameEndingWith("Repository")
                .or().haveSimpleNameEndingWith("Runner")
                .or().haveSimpleNameEndingWith("Router")
                .or().haveSimpleNameEndingWith("Outcomes")
                .or().haveSimpleNameEndingWith("Presence")
                .or().haveSimpleNameEndingWith("Sweeper")
                .or().belongToAnyOf(ErrorCode.class, BatonException.class, RateLimited.class, FieldProblem.class)
                .should().dependOnClassesThat().resideInAPackage("org.springframework.http..")
                .because("errors are typed by ErrorCode; only controllers, filters and ProblemResponses speak HTTP")
                .check(classes);
    }

    /** The same rule on the sources, which also sees imports the compiler dropped. */
    @Test
    void servicesAndOtherRuleHoldersDoNotEvenImportHttpTypes() throws IOException {
        Path sources = repository().resolve("server/src/main/java");
        List<String> offenders;
        try (var files = Files.walk(sources)) {
            offenders = files.filter(f -> RULE_HOLDER.matcher(f.getFileName().toString()).matches())
                    .filter(f -> read(f).contains("org.springframework.http"))
                    .map(f -> sources.relativize(f).toString())
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Properties bundle() throws IOException {
        return bundle("");
    }

    /** The argument indexes a pattern uses, each with its format ("" for a plain {n}, "choice", "number"). */
    private static Map<Integer, String> arguments(String pattern) {
        Map<Integer, String> arguments = new java.util.TreeMap<>();
        Matcher m = ARGUMENT.matcher(pattern.replace("''", ""));
        while (m.find()) {
            arguments.merge(Integer.parseInt(m.group(1)), m.group(2) == null ? "" : m.group(2),
                    (a, b) -> a.equals("choice") ? a : b.equals("choice") ? b : a); // {0,choice,...{0,number}}: a choice
        }
        return arguments;
    }

    private static Properties bundle(String suffix) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ErrorCode.class.getResourceAsStream("/i18n/errors" + suffix + ".properties")) {
            assertThat(in).as("i18n/errors%s.properties", suffix).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    /** The repository's root, found from the module directory the tests run in. */
    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/api.md")) && Files.isDirectory(dir.resolve("server/src/main/java"))) {
                return dir;
            }
        }
        throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
    }
}
