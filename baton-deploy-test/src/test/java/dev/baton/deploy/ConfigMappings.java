package dev.baton.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration names that the {@code @ConfigMapping} interfaces of a source tree declare, read from the Java source
 * as it is now (so a renamed or moved mapping is seen on the next build). A map key is written {@code *}:
 * {@code baton.team.reps.*.team}.
 */
final class ConfigMappings {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*(?:prefix\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)([\\w.]+(?:\\s*<[^;(){}]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

    private ConfigMappings() {
    }

    /**
     * One configuration name of a mapping ({@code *} for a map key), its Java type, the mapping's prefix and the simple
     * name of the {@code @ConfigMapping} interface.
     */
    record Property(String name, String javaType, String mapping, String mappingInterface) {
        boolean hasMapKey() {
            return name.contains("*");
        }

        Pattern envPattern() {
            StringBuilder regex = new StringBuilder();
            for (String part : name.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append("[A-Z0-9_]+");
                }
                regex.append(Pattern.quote(ServiceConfig.envName(part)));
            }
            return Pattern.compile(regex.toString());
        }

        Pattern propertyPattern() {
            StringBuilder regex = new StringBuilder();
            for (String part : name.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append("(?:[^.\"]+|\"[^\"]+\")");
                }
                regex.append(Pattern.quote(part));
            }
            return Pattern.compile(regex.toString());
        }
    }

    static List<Property> scan(List<Path> sourceRoots) {
        List<Property> properties = new ArrayList<>();
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            for (Path file : Repo.files(root)) {
                if (file.toString().endsWith(".java")) {
                    String source = Repo.read(file);
                    Matcher mapping = MAPPING.matcher(source);
                    if (mapping.find()) {
                        properties.addAll(parse(mapping.group(1), stripComments(source), file));
                    }
                }
            }
        }
        return properties;
    }

    private static List<Property> parse(String prefix, String source, Path file) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher m = INTERFACE.matcher(source);
        String top = null;
        while (m.find()) {
            int open = m.end() - 1;
            String body = body(source, open);
            bodies.put(m.group(1), body);
            if (top == null) {
                top = m.group(1);
            }
        }
        if (top == null) {
            throw new AssertionError(file + ": @ConfigMapping on something that is not an interface");
        }
        List<Property> out = new ArrayList<>();
        expand(prefix, bodies.get(top), bodies, out, prefix, new LinkedHashSet<>());
        String iface = top;
        return out.stream().map(p -> new Property(p.name(), p.javaType(), p.mapping(), iface)).toList();
    }

    private static void expand(String prefix, String body, Map<String, String> bodies, List<Property> out,
                               String mapping, Set<String> seen) {
        String own = ownMembers(body);
        Matcher m = METHOD.matcher(own);
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s+", "");
            String method = m.group(3);
            Matcher withName = WITH_NAME.matcher(annotations);
            boolean parentName = annotations.contains("@WithParentName");
            String segment = withName.find() ? withName.group(1) : kebab(method);
            String name = parentName ? prefix : prefix + "." + segment;
            leafOrGroup(name, type, bodies, out, mapping, seen);
        }
    }

    private static void leafOrGroup(String name, String type, Map<String, String> bodies, List<Property> out,
                                    String mapping, Set<String> seen) {
        String t = type;
        if (t.startsWith("Optional<") || t.startsWith("java.util.Optional<")) {
            t = inner(t);
        }
        if (t.startsWith("Map<") || t.startsWith("java.util.Map<")) {
            String args = inner(t);
            String value = args.substring(splitTopLevelComma(args) + 1);
            leafOrGroup(name + ".*", value, bodies, out, mapping, seen);
            return;
        }
        if ((t.startsWith("List<") || t.startsWith("java.util.List<")) && bodies.containsKey(simple(inner(t)))) {
            leafOrGroup(name + "[*]", inner(t), bodies, out, mapping, seen);
            return;
        }
        String simple = simple(t);
        if (bodies.containsKey(simple) && seen.add(simple + "@" + name)) {
            expand(name, bodies.get(simple), bodies, out, mapping, seen);
            return;
        }
        out.add(new Property(name, type, mapping, null));
    }

    private static String inner(String generic) {
        return generic.substring(generic.indexOf('<') + 1, generic.lastIndexOf('>'));
    }

    private static int splitTopLevelComma(String args) {
        int depth = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a two-argument generic: " + args);
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** The members of an interface body without its nested types' bodies. */
    private static String ownMembers(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    // a nested type or a default method: drop its declaration head up to the last statement end
                    int cut = Math.max(out.lastIndexOf(";"), out.lastIndexOf("}"));
                    out.setLength(cut + 1);
                }
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    out.append(';');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String body(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return source.substring(open + 1, i);
                }
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    private static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    /** SmallRye's default naming strategy: {@code minInsyncReplicas} is {@code min-insync-replicas}. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
