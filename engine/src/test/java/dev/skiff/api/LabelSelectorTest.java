package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "env", "prod");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app=web|true", "app==web|true", "app!=web|false", "app=db|false", "app!=db|true",
            "missing!=x|true", "app=web,tier!=db|true", "app=web,tier=db|false",
            "env in (prod,staging)|true", "env in (dev)|false", "env notin (dev, qa)|true",
            "env notin (prod)|false", "missing notin (x)|true", "app|true", "!app|false", "!canary|true",
            "canary|false", "'  app = web , env in ( prod ) '|true", "''|true"})
    void matchesLikeKubectl(String selector, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(WEB)).isEqualTo(expected);
    }

    @Test
    void parsesIntoTheKubernetesShape() {
        LabelSelector s = LabelSelector.parse("app=web,tier!=db,env in (b,a),!canary,track");
        assertThat(s.matchLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(s.matchExpressions()).containsExactly(
                LabelSelectorRequirement.notIn("tier", "db"),
                new LabelSelectorRequirement("env", LabelSelectorRequirement.Operator.In, List.of("b", "a")),
                LabelSelectorRequirement.doesNotExist("canary"),
                LabelSelectorRequirement.exists("track"));
        assertThat(s).hasToString("app=web,!canary,env in (a,b),tier!=db,track");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app=web,tier!=db", "a in (x,y),b notin (p,q),!c,d", "example.com/app=web", "a=,b=c", ""})
    void toStringParsesBackToAnEqualSelector(String text) {
        LabelSelector s = LabelSelector.parse(text);
        assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelector.EVERYTHING.isEmpty()).isTrue();
        assertThat(LabelSelector.parse(" ").matches(Map.of())).isTrue();
        assertThat(new LabelSelector(null, null).matches(WEB)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app=web,|9|expected a label key, found the end",
            "app=web tier=db|9|expected ',' between requirements, found 't'",
            "app in (a,b|12|expected ',' or ')' in the value list, found the end",
            "app in a|8|expected '(' after in/notin, found 'a'",
            "app ~ web|5|expected one of '=', '==', '!=', 'in', 'notin', ',' or the end, found '~'",
            "=web|1|expected a label key, found '='"})
    void syntaxErrorsNameTheColumnAndWhatWasExpected(String text, int column, String problem) {
        assertThatThrownBy(() -> LabelSelector.parse(text))
                .isInstanceOf(SelectorFormatException.class)
                .hasMessage("invalid selector \"" + text + "\" at column " + column + ": " + problem);
    }

    @Test
    void labelSyntaxIsCheckedAsKubernetes() {
        assertThatThrownBy(() -> LabelSelector.parse("-app=web"))
                .hasMessageContaining("name part must consist of alphanumeric characters");
        assertThatThrownBy(() -> LabelSelector.parse("app=" + "x".repeat(64)))
                .hasMessageContaining("must be no more than 63 characters");
        assertThatThrownBy(() -> LabelSelector.parse("Example.COM/app=web"))
                .hasMessageContaining("prefix part must be a lowercase DNS subdomain");
        assertThat(LabelSelector.keyProblem("app.kubernetes.io/name")).isEmpty();
        assertThat(LabelSelector.keyProblem("x".repeat(63))).isEmpty();
        assertThat(LabelSelector.keyProblem("a/b/c")).isPresent();
        assertThat(LabelSelector.valueProblem("")).isEmpty();
        assertThat(LabelSelector.valueProblem("v1.2_beta-3")).isEmpty();
    }

    @Test
    void validateReportsPathsForBadKeysAndOperatorValueMismatch() {
        LabelSelector s = new LabelSelector(Map.of("bad key", "v"), List.of(
                new LabelSelectorRequirement("env", LabelSelectorRequirement.Operator.In, List.of()),
                new LabelSelectorRequirement("x", LabelSelectorRequirement.Operator.Exists, List.of("y"))));
        assertThat(s.validate("spec.selector")).extracting(FieldError::path).containsExactly(
                "spec.selector.matchLabels[bad key]",
                "spec.selector.matchExpressions[0].values",
                "spec.selector.matchExpressions[1].values");
    }

    @Test
    void jsonRoundTripInTheKubernetesShape() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
                + "[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"prod\"]},{\"key\":\"canary\",\"operator\":\"DoesNotExist\"}]}";
        LabelSelector s = mapper.readValue(json, LabelSelector.class);
        assertThat(s).isEqualTo(LabelSelector.parse("app=web,env in (prod),!canary"));
        assertThat(mapper.writeValueAsString(s)).isEqualTo(json);
        assertThat(mapper.writeValueAsString(LabelSelector.EVERYTHING)).isEqualTo("{}");
        assertThat(mapper.readValue("{}", LabelSelector.class)).isEqualTo(LabelSelector.EVERYTHING);
    }
}
