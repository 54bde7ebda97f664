package io.github.terminable.tck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the terminable spec, parsed from its Markdown: the single source of truth for
 * rule ids.
 *
 * <p>A rule is a heading of exactly this shape, followed (after optional blank lines) by its
 * level line:
 * <pre>
 * #### &lt;a id="rule-3.2"&gt;&lt;/a&gt;Rule 3.2 — Reverse registration order
 * **Level:** required
 * </pre>
 * Any level-4 heading that mentions {@code Rule} or a {@code rule-} anchor but does not have
 * that shape is an error, so that a typo cannot silently drop a rule.
 *
 * <p>Within the text of a rule (up to the next heading), each normative clause is labelled
 * {@code <a id="clause-3.2.a"></a>**3.2.a**}, optionally followed by {@code (binds: API)} or
 * {@code (binds: application)}. A clause's letters run from {@code a} without gaps in the order
 * of the text; a clause label outside a rule, one whose id does not belong to its rule, or,
 * within a rule, a {@code clause-} anchor of any other shape is an error.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpecDocument {

    /** Class-path resource where the build copies {@code spec/README.md} into the TCK jar. */
    public static final String RESOURCE = "/io/github/terminable/tck/spec/README.md";

    private static final Pattern HEADING = Pattern.compile(
            "^####\\s+<a id=\"rule-(\\d+\\.\\d+)\"></a>\\s*Rule\\s+(\\d+\\.\\d+)\\s+[\u2014\u2013-]\\s+(\\S.*?)\\s*$");
    private static final Pattern LEVEL = Pattern.compile("^\\*\\*Level:\\*\\*\\s+(required|optional)\\b.*$");
    private static final Pattern SUSPECT = Pattern.compile("^####\\s+.*(\\brule-\\d|\\bRule\\s+\\d).*$");

    private static final Pattern CLAUSE = Pattern.compile(
            "<a id=\"clause-(\\d+\\.\\d+\\.[a-z])\"></a>\\*\\*(\\d+\\.\\d+\\.[a-z])\\*\\*( \\(binds: (API|application)\\))?");
    private static final Pattern CLAUSE_SUSPECT = Pattern.compile("id=\"clause-");
    private static final Pattern ANY_HEADING = Pattern.compile("^#{1,6}\\s.*$");

    private final Map<String, SpecRuleEntry> rules;
    private final Map<String, SpecClause> clauses;

    private SpecDocument(Map<String, SpecRuleEntry> rules, Map<String, SpecClause> clauses) {
        this.rules = Collections.unmodifiableMap(rules);
        this.clauses = Collections.unmodifiableMap(clauses);
    }

    /**
     * Parses spec Markdown.
     *
     * @param markdown the spec text
     * @return the parsed rules
     * @throws IllegalArgumentException naming the line, if a rule heading is malformed, an id is
     *     repeated, a level line is missing, or there are no rules at all
     */
    public static SpecDocument parse(String markdown) {
        String[] lines = markdown.split("\\R", -1);
        Map<String, SpecRuleEntry> found = new LinkedHashMap<>();
        Map<String, SpecClause> clauses = new LinkedHashMap<>();
        String currentRule = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher h = HEADING.matcher(line);
            if (!h.matches()) {
                if (ANY_HEADING.matcher(line).matches()) {
                    currentRule = null;
                } else {
                    parseClauses(line, i + 1, currentRule, clauses);
                }
                if (SUSPECT.matcher(line).matches()) {
                    throw new IllegalArgumentException("spec line " + (i + 1) + " looks like a rule heading but does not match"
                            + " '#### <a id=\"rule-X.Y\"></a>Rule X.Y \u2014 Title': " + line);
                }
                continue;
            }
            String anchorId = h.group(1);
            String id = h.group(2);
            if (!anchorId.equals(id)) {
                throw new IllegalArgumentException("spec line " + (i + 1) + ": anchor rule-" + anchorId
                        + " does not match heading Rule " + id);
            }
            int j = i + 1;
            while (j < lines.length && lines[j].isBlank()) {
                j++;
            }
            Matcher level = j < lines.length ? LEVEL.matcher(lines[j].trim()) : null;
            if (level == null || !level.matches()) {
                throw new IllegalArgumentException("spec line " + (i + 1) + ": rule " + id
                        + " is not followed by a '**Level:** required' or '**Level:** optional' line");
            }
            RuleLevel ruleLevel = RuleLevel.valueOf(level.group(1).toUpperCase(java.util.Locale.ROOT));
            SpecRuleEntry entry = new SpecRuleEntry(id, h.group(3), ruleLevel, i + 1);
            currentRule = id;
            SpecRuleEntry previous = found.putIfAbsent(id, entry);
            if (previous != null) {
                throw new IllegalArgumentException("spec line " + (i + 1) + ": rule " + id + " is defined twice (first on line "
                        + previous.line() + ")");
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the spec defines no rules (no '#### <a id=\"rule-X.Y\"></a>Rule X.Y \u2014 Title' headings)");
        }
        return new SpecDocument(found, clauses);
    }

    private static void parseClauses(String line, int lineNumber, String rule, Map<String, SpecClause> clauses) {
        Matcher m = CLAUSE.matcher(line);
        int labels = 0;
        while (m.find()) {
            labels++;
            String anchorId = m.group(1);
            String id = m.group(2);
            if (!anchorId.equals(id)) {
                throw new IllegalArgumentException("spec line " + lineNumber + ": anchor clause-" + anchorId
                        + " does not match label " + id);
            }
            if (rule == null) {
                throw new IllegalArgumentException("spec line " + lineNumber + ": clause " + id + " stands outside any rule");
            }
            if (!SpecClause.ruleOf(id).equals(rule)) {
                throw new IllegalArgumentException("spec line " + lineNumber + ": clause " + id + " stands in rule " + rule);
            }
            long before = clauses.values().stream().filter(c -> c.rule().equals(rule)).count();
            char expected = (char) ('a' + before);
            if (id.charAt(id.length() - 1) != expected) {
                SpecClause previous = clauses.get(id);
                throw new IllegalArgumentException("spec line " + lineNumber + ": clause " + id
                        + (previous != null ? " is defined twice (first on line " + previous.line() + ")"
                                : " is out of order; the next clause of rule " + rule + " is " + rule + "." + expected));
            }
            ClauseBinding binding = m.group(4) == null ? ClauseBinding.IMPLEMENTATION
                    : m.group(4).equals("API") ? ClauseBinding.API : ClauseBinding.APPLICATION;
            clauses.put(id, new SpecClause(id, rule, binding, lineNumber));
        }
        Matcher suspect = CLAUSE_SUSPECT.matcher(line);
        int anchors = 0;
        while (suspect.find()) {
            anchors++;
        }
        if (rule != null && anchors != labels) {
            throw new IllegalArgumentException("spec line " + lineNumber + " has a clause anchor that does not match"
                    + " '<a id=\"clause-X.Y.z\"></a>**X.Y.z**': " + line);
        }
    }

    /**
     * Loads the spec the build copied into the TCK jar.
     *
     * @return the parsed spec
     * @throws IllegalStateException if the resource is missing (the TCK was built without
     *     {@code spec/README.md})
     */
    public static SpecDocument bundled() {
        try (InputStream in = SpecDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the TCK jar has no " + RESOURCE
                        + "; it must be built from a checkout that has spec/README.md");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns every rule in spec order.
     *
     * @return the rules
     */
    public List<SpecRuleEntry> rules() {
        return new ArrayList<>(rules.values());
    }

    /**
     * Returns every clause in spec order.
     *
     * @return the clauses
     */
    public List<SpecClause> clauses() {
        return new ArrayList<>(clauses.values());
    }

    /**
     * Returns the clauses of one rule, in order.
     *
     * @param ruleId the rule id
     * @return its clauses; empty for an unknown rule or a rule without labelled clauses
     */
    public List<SpecClause> clausesOf(String ruleId) {
        return clauses.values().stream().filter(c -> c.rule().equals(ruleId)).toList();
    }

    /**
     * Looks up a clause.
     *
     * @param id the clause id, such as {@code 3.2.a}
     * @return the clause, if the spec defines it
     */
    public Optional<SpecClause> clause(String id) {
        return Optional.ofNullable(clauses.get(id));
    }

    /**
     * Tells whether the spec defines a rule or clause id.
     *
     * @param id a rule id ({@code 3.2}) or clause id ({@code 3.2.a})
     * @return whether it is defined
     */
    public boolean defines(String id) {
        return SpecClause.isClauseId(id) ? clauses.containsKey(id) : rules.containsKey(id);
    }

    /**
     * Looks up a rule.
     *
     * @param id the rule id
     * @return the rule, if the spec defines it
     */
    public Optional<SpecRuleEntry> rule(String id) {
        return Optional.ofNullable(rules.get(id));
    }
}
