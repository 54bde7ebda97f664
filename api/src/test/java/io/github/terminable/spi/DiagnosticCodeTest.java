package io.github.terminable.spi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DiagnosticCode} and the spec's "Diagnostic output" table list the same codes with the
 * same rules, so a code can be added to neither alone.
 */
class DiagnosticCodeTest {

    /** One row of the table: a code in backticks in the first cell, the rules in the last. */
    private static final Pattern ROW = Pattern.compile("^\\| `(TERMINABLE-[A-Z0-9-]+)` \\|.*\\| ([^|]+) \\|$");

    @Test
    void theEnumAndTheSpecTableListTheSameCodesWithTheSameRules() throws IOException {
        Map<String, String> specified = specTable();
        Map<String, String> declared = Arrays.stream(DiagnosticCode.values())
                .collect(Collectors.toMap(DiagnosticCode::code, DiagnosticCode::rules,
                        (a, b) -> a, LinkedHashMap::new));

        assertThat(specified).as("codes in spec/README.md's Diagnostic output table").isNotEmpty();
        assertThat(declared).isEqualTo(specified);
    }

    @Test
    void aLineStartsWithTheCodeAColonAndASpace() {
        assertThat(DiagnosticCode.DEADLINE.line("missed")).isEqualTo("TERMINABLE-DEADLINE: missed");
        assertThat(DiagnosticCode.NO_PROVIDER).hasToString("TERMINABLE-1");
        assertThatThrownBy(() -> DiagnosticCode.KEEPALIVE.line(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    @Test
    void theRenderedTextIsTheLineFollowedByTheStackTrace() {
        String plain = DiagnosticCode.CLEANUP_FAILED.render("loop 'x' failed", null);
        assertThat(plain).isEqualTo("TERMINABLE-CLEANUP-FAILED: loop 'x' failed" + System.lineSeparator());

        String withTrace = DiagnosticCode.CALLBACK_FAILED.render("callback threw", new IllegalStateException("planned"));
        assertThat(withTrace.lines().toList().get(0)).isEqualTo("TERMINABLE-CALLBACK-FAILED: callback threw");
        assertThat(withTrace.lines().toList().get(1)).isEqualTo("java.lang.IllegalStateException: planned");
        assertThat(withTrace).contains("\tat ").endsWith(System.lineSeparator());
        assertThatThrownBy(() -> DiagnosticCode.DEADLINE.render(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aReportWritesTheRenderedTextToTheSystemErrOfTheMomentAndNothingOnANullMessage() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        IllegalStateException failure = new IllegalStateException("planned");
        try {
            System.setErr(new java.io.PrintStream(captured, true));
            DiagnosticCode.LISTENER_FAILED.report("listener threw", failure);
            assertThatThrownBy(() -> DiagnosticCode.LISTENER_FAILED.report(null, failure))
                    .isInstanceOf(NullPointerException.class);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).isEqualTo(DiagnosticCode.LISTENER_FAILED.render("listener threw", failure));
    }

    private static Map<String, String> specTable() throws IOException {
        Path spec = Path.of("..", "spec", "README.md");
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(spec)) {
            if (line.startsWith("### Diagnostic output")) {
                inSection = true;
            } else if (inSection && line.startsWith("#")) {
                break;
            } else if (inSection) {
                Matcher row = ROW.matcher(line.trim());
                if (row.matches()) {
                    rows.put(row.group(1), row.group(2).trim());
                }
            }
        }
        return rows;
    }
}
