package org.mheightlab.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc of the project's own classes for the kernel's inspect (Shift-Tab), read from the sources the build puts
 * into the kernel jar under {@value #ROOT} (JShell finds Javadoc only in the JDK's {@code src.zip}, and sources
 * on the compile class path would be compiled). A signature as JShell prints it —
 * {@code org.mheightlab.code.HeightProfile org.mheightlab.code.ExactHeightCalculator.profile(double[][] p)} — is
 * matched to its declaration by class, member name and parameter types.
 */
final class SourceDocs {

    static final String ROOT = "mheight-sources/";

    private final ClassLoader loader;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    SourceDocs(ClassLoader loader) {
        this.loader = loader;
    }

    private record Parsed(CompilationUnitTree unit, DocTrees trees) {
    }

    /** The Javadoc text (tags turned into plain words) of the declaration {@code signature} names, or null. */
    String javadoc(String signature) {
        String head = signature.contains("(") ? signature.substring(0, signature.indexOf('(')) : signature;
        String qualified = head.substring(head.lastIndexOf(' ') + 1).strip();
        List<String> params = signature.contains("(")
                ? parameterTypes(signature.substring(signature.indexOf('(') + 1, signature.lastIndexOf(')')))
                : null;
        // The longest prefix that is a source file is the top-level class; what follows is nested classes and
        // the member.
        String[] parts = qualified.split("\\.");
        for (int top = parts.length; top >= 1; top--) {
            String path = String.join("/", List.of(parts).subList(0, top)) + ".java";
            Parsed p = parse(path);
            if (p == null) {
                continue;
            }
            List<String> inner = List.of(parts).subList(top, parts.length);
            return find(p, parts[top - 1], inner, params);
        }
        return null;
    }

    private Parsed parse(String path) {
        Parsed cached = parsed.get(path);
        if (cached != null) {
            return cached;
        }
        String text;
        try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return null;
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return null; // a JRE without the compiler: no Javadoc, signatures still come from JShell
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        try {
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
            CompilationUnitTree unit = task.parse().iterator().next();
            Parsed p = new Parsed(unit, DocTrees.instance(task));
            parsed.put(path, p);
            return p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Finds class {@code top}, then the nested classes and member {@code inner} names, and returns its Javadoc. */
    private static String find(Parsed p, String top, List<String> inner, List<String> params) {
        String[] result = new String[1];
        new TreePathScanner<Void, Void>() {
            private final List<String> classes = new ArrayList<>();

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                classes.add(node.getSimpleName().toString());
                try {
                    List<String> below = classes.subList(1, classes.size());
                    boolean thisClass = classes.get(0).equals(top);
                    if (thisClass && below.equals(inner) && params == null) {
                        result[0] = p.trees().getDocComment(getCurrentPath());
                    } else if (thisClass && params != null && below.equals(inner)) {
                        // A constructor: JShell prints it as Class(…), the class's own name as the member.
                        constructor(node);
                    }
                    return result[0] == null ? super.visitClass(node, unused) : null;
                } finally {
                    classes.remove(classes.size() - 1);
                }
            }

            private void constructor(ClassTree node) {
                for (Tree m : node.getMembers()) {
                    if (m instanceof MethodTree mt && mt.getName().contentEquals("<init>") && matches(mt, params)) {
                        result[0] = p.trees().getDocComment(new TreePath(getCurrentPath(), m));
                        return;
                    }
                }
            }

            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                List<String> owner = classes.subList(1, classes.size());
                if (result[0] == null && classes.get(0).equals(top) && params != null && !inner.isEmpty()
                        && owner.equals(inner.subList(0, inner.size() - 1))
                        && node.getName().contentEquals(inner.get(inner.size() - 1)) && matches(node, params)) {
                    result[0] = p.trees().getDocComment(getCurrentPath());
                }
                return null;
            }

            @Override
            public Void visitVariable(VariableTree node, Void unused) {
                List<String> owner = classes.subList(1, classes.size());
                if (result[0] == null && params == null && !inner.isEmpty() && classes.get(0).equals(top)
                        && owner.equals(inner.subList(0, inner.size() - 1))
                        && node.getName().contentEquals(inner.get(inner.size() - 1))) {
                    result[0] = p.trees().getDocComment(getCurrentPath());
                }
                return null;
            }
        }.scan(p.unit(), null);
        return result[0] == null ? null : plain(result[0]);
    }

    /** Same parameter count and, compared without packages and type arguments, the same types. */
    private static boolean matches(MethodTree m, List<String> params) {
        if (m.getParameters().size() != params.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            String declared = simpleType(m.getParameters().get(i).getType().toString());
            String wanted = simpleType(params.get(i));
            if (!declared.equals(wanted) && !(declared.endsWith("...") && wanted.endsWith("[]")
                    && declared.replace("...", "[]").equals(wanted))) {
                return false;
            }
        }
        return true;
    }

    /** "java.util.List<java.lang.String>" → "List"; "double[][]" stays. */
    static String simpleType(String type) {
        String t = type.replaceAll("<.*>", "").strip();
        String dims = t.replaceAll("^[^\\[.]*(?:\\.[^\\[.]+)*", "");
        String base = t.substring(0, t.length() - dims.length());
        return base.substring(base.lastIndexOf('.') + 1) + dims;
    }

    /** The types of a printed parameter list "double[][] p, java.util.List<java.lang.String> names". */
    static List<String> parameterTypes(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(typeOf(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(typeOf(current.toString()));
        }
        return out;
    }

    private static String typeOf(String parameter) {
        String p = parameter.strip();
        int space = p.lastIndexOf(' ');
        // "double[][] p" → "double[][]"; a bare type (no name) stays
        return space > 0 && !p.substring(space + 1).contains(">") ? p.substring(0, space).strip() : p;
    }

    /** Javadoc markup as plain text: inline tags as their words, HTML paragraphs as blank lines. */
    static String plain(String doc) {
        String s = doc.replaceAll("\\{@(?:code|literal|value) ([^}]*)}", "$1")
                .replaceAll("\\{@link(?:plain)? [^} ]+ ([^}]+)}", "$1")
                .replaceAll("\\{@link(?:plain)? ([^}]+)}", "$1")
                .replaceAll("(\\w)#(\\w)", "$1.$2").replaceAll("(^|\\s)#(\\w)", "$1$2")
                .replaceAll("(?i)<p>", "\n").replaceAll("(?i)</?(ul|ol|pre)>", "").replaceAll("(?i)<li>", "- ")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return s.replaceAll("(?m)^ ", "").strip().replaceAll("\n{3,}", "\n\n");
    }
}
