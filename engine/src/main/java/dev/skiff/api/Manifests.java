package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns manifest files into resources as {@code kubectl apply -f} would, but reports every problem in
 * every document at once, each as {@code file:line:column path: message}: syntax, kind, structure
 * ({@link StructuralBinder}) and semantics ({@link Validation}). Valid resources come back defaulted.
 */
public final class Manifests {
    private static final StructuralBinder BINDER = new StructuralBinder(Json.json());

    private Manifests() {
    }

    public static List<Manifest> parse(String text, String sourceName) {
        List<ManifestError> errors = new ArrayList<>();
        List<Manifest> manifests = parse(text, sourceName, errors);
        if (!errors.isEmpty()) throw new ManifestException(errors);
        return manifests;
    }

    /** Files and directories (their *.yaml, *.yml and *.json files, sorted by name), all errors together. */
    public static List<Manifest> parseFiles(List<Path> paths) {
        List<ManifestError> errors = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : expand(paths, errors)) {
            try {
                manifests.addAll(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), errors));
            } catch (IOException | java.io.UncheckedIOException e) {
                errors.add(new ManifestError(SourceLocation.unknown(file.toString()), "", "cannot read: " + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) throw new ManifestException(errors);
        return manifests;
    }

    private static List<Path> expand(List<Path> paths, List<ManifestError> errors) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(Files::isRegularFile).filter(Manifests::isManifestFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    errors.add(new ManifestError(SourceLocation.unknown(path.toString()), "", "cannot list: " + e.getMessage()));
                }
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                errors.add(new ManifestError(SourceLocation.unknown(path.toString()), "", "no such file or directory"));
            }
        }
        return files;
    }

    private static boolean isManifestFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static List<Manifest> parse(String text, String sourceName, List<ManifestError> errors) {
        List<Manifest> manifests = new ArrayList<>();
        for (ParsedDocument doc : ManifestReader.read(text, sourceName, errors)) {
            List<FieldError> problems = new ArrayList<>();
            Resource resource = resolve(doc, problems);
            if (resource != null) problems.addAll(Validation.validate(resource));
            else if (!problems.isEmpty()) problems.addAll(validateTheRest(doc, problems));
            problems.stream().map(doc::error).forEach(errors::add);
            if (problems.isEmpty()) manifests.add(new Manifest(doc.location(), defaulted(resource)));
        }
        return manifests;
    }

    /**
     * Kubernetes' defaults, except the namespace: a document that names none goes where the user
     * says ({@code -n}), and the write path defaults it to "default" after that.
     */
    private static Resource defaulted(Resource resource) {
        Resource d = Defaults.apply(resource);
        boolean named = resource.namespace() != null && !resource.namespace().isEmpty();
        return named || d.metadata() == null ? d : d.withMetadata(d.metadata().withNamespace(null));
    }

    /** The bound resource, or null after adding why it could not be bound. */
    private static Resource resolve(ParsedDocument doc, List<FieldError> problems) {
        JsonNode tree = doc.tree();
        if (!tree.isObject()) {
            problems.add(new FieldError("", "expected a Kubernetes object (apiVersion, kind, metadata, ...), got "
                    + (tree.isArray() ? "a list" : tree.toString())));
            return null;
        }
        Optional<String> apiVersion = text(tree, "apiVersion", problems);
        Optional<String> kind = text(tree, "kind", problems);
        if (kind.isEmpty()) return null;
        Optional<KindInfo> info = Kinds.all().stream().filter(k -> k.kind().equals(kind.get())).findFirst();
        if (info.isEmpty()) {
            problems.add(new FieldError("kind", unknownKind(kind.get())));
            return null;
        }
        Resource resource = BINDER.bind(tree, info.get().type(), problems);
        return apiVersion.isPresent() ? resource : null;
    }

    /**
     * Semantic errors of a document that did not bind: the fields at fault are cut out, the rest is
     * bound and validated, so one run reports a bad quantity and a negative replica count together.
     * Errors at or under a cut field, or on the object that held it (a misspelt field leaves its
     * object looking incomplete), are left out: they would only repeat it.
     */
    private static List<FieldError> validateTheRest(ParsedDocument doc, List<FieldError> structural) {
        if (!doc.tree().isObject()) return List.of();
        com.fasterxml.jackson.databind.node.ObjectNode pruned = doc.tree().deepCopy();
        for (FieldError e : structural) {
            if (!FieldPaths.remove(pruned, e.path())) return List.of(); // nothing safe to cut: skip
        }
        List<FieldError> again = new ArrayList<>();
        Resource rest = resolve(new ParsedDocument(doc.source(), doc.index(), pruned, doc.locations()), again);
        if (rest == null) return List.of();
        return Validation.validate(rest).stream()
                .filter(v -> structural.stream().noneMatch(e -> FieldPaths.isWithin(v.path(), e.path())
                        || FieldPaths.isParent(v.path(), e.path())))
                .toList();
    }

    private static Optional<String> text(JsonNode tree, String field, List<FieldError> problems) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            problems.add(new FieldError(field, "missing required field \"" + field + "\""));
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(new FieldError(field, "expected a string, got " + value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private static String unknownKind(String kind) {
        List<String> kinds = Kinds.all().stream().map(KindInfo::kind).toList();
        String hint = StructuralBinder.suggestion(kind, kinds);
        return "unknown kind \"" + kind + "\"" + (hint.isEmpty() ? " (supported: " + String.join(", ", kinds) + ")" : hint);
    }
}
